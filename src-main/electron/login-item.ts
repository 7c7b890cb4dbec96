import type { App } from 'electron'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface LoginItemDeps {
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>
  platform: NodeJS.Platform
  /** Linux: the XDG autostart folder (~/.config/autostart), where Electron's API does nothing. */
  autostartDir: string
  /** Linux: what the session runs (the AppImage when there is one, else the binary). */
  executable: string
}

export const AUTOSTART_FILE = 'greenlight.desktop'

/**
 * "Start Greenlight when I log in" (settings.openAtLogin), applied whenever settings change.
 * macOS and Windows have login items; Linux desktops read an autostart .desktop entry instead.
 */
export async function applyLoginItem(deps: LoginItemDeps, openAtLogin: boolean): Promise<void> {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    if (deps.app.getLoginItemSettings().openAtLogin !== openAtLogin) {
      deps.app.setLoginItemSettings({ openAtLogin })
    }
    return
  }
  const file = join(deps.autostartDir, AUTOSTART_FILE)
  if (!openAtLogin) {
    await rm(file, { force: true })
    return
  }
  await mkdir(deps.autostartDir, { recursive: true })
  await writeFile(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Greenlight',
      `Exec="${deps.executable.replace(/(["`$\\])/g, '\\$1')}"`,
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  )
}
