import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'Greenlight'

export interface DataDirInputs {
  /** Electron's `app.getPath('userData')`, when running inside the desktop app. */
  electronUserData?: string
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  home?: string
}

/**
 * Where the database, thumbnails and logs live. `GREENLIGHT_HOME` wins so the CLI and tests can
 * be pointed anywhere; the desktop app uses Electron's userData; otherwise the OS config dir.
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env
  const explicit = env.GREENLIGHT_HOME
  if (explicit && explicit.trim() !== '') return explicit
  if (inputs.electronUserData) return inputs.electronUserData
  const home = inputs.home ?? homedir()
  const platform = inputs.platform ?? process.platform
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  // Linux and the other Unixes follow the XDG base-directory spec.
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME)
}
