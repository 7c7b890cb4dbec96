import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../../src-shared/domain'
import type { SettingsStore } from '../ports/settings-store'
import type { Database } from './database'

/**
 * Settings as one JSON row per key. Unknown or invalid stored values fall back to defaults
 * (a newer build may have written a key this one does not know), so a bad row never bricks start-up.
 */
export class SettingsRepo implements SettingsStore {
  private readonly listeners = new Set<(settings: Settings) => void>()

  constructor(private readonly db: Database) {}

  /** Told the saved settings after every set(), whoever set them (hosts apply language, login). */
  onChanged(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async get(): Promise<Settings> {
    const rows = await this.db.all<{ key: string; value: string }>(
      'SELECT key, value FROM settings',
    )
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    for (const row of rows) {
      if (!(row.key in DEFAULT_SETTINGS)) continue
      try {
        merged[row.key] = JSON.parse(row.value) as unknown
      } catch {
        // keep the default for a corrupt value
      }
    }
    const parsed = settingsSchema.safeParse(merged)
    if (parsed.success) return parsed.data
    // Keep each valid key, reset only the invalid ones.
    const repaired: Record<string, unknown> = { ...merged }
    for (const issue of parsed.error.issues) {
      const key = issue.path[0]
      if (typeof key === 'string' && key in DEFAULT_SETTINGS) {
        repaired[key] = DEFAULT_SETTINGS[key as keyof Settings]
      }
    }
    return settingsSchema.parse(repaired)
  }

  async set(patch: SettingsPatch): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...patch })
    await this.db.write(async () => {
      for (const [key, value] of Object.entries(patch)) {
        await this.db.run(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          [key, JSON.stringify(value)],
        )
      }
    })
    for (const listener of this.listeners) {
      try {
        listener(next)
      } catch {
        // The settings are saved; a host failing to apply them must not turn that into an error.
      }
    }
    return next
  }
}
