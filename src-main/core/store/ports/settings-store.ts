import type { Settings, SettingsPatch } from '../../../../src-shared/domain'

/**
 * The user's settings. Unknown or invalid stored values read as their defaults, so a bad value
 * never stops start-up.
 */
export interface SettingsStore {
  get(): Promise<Settings>
  /** Saves the given keys and returns the settings as saved. */
  set(patch: SettingsPatch): Promise<Settings>
  /** Told the saved settings after every set() through this store; returns the unsubscribe. */
  onChanged(listener: (settings: Settings) => void): () => void
}
