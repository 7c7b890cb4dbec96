import type { Region } from '../../../../src-shared/domain'
import type { Profile, ProfilesStore } from '../ports/profiles-store'
import type { Database } from './database'

interface ProfileRow {
  name: string
  region: Region
  endpoint: string | null
  access_key_id: string
  active: number
}

const fromRow = (row: ProfileRow): Profile => ({
  name: row.name,
  region: row.region,
  endpoint: row.endpoint,
  accessKeyId: row.access_key_id,
  active: row.active === 1,
})

export class ProfilesRepo implements ProfilesStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<Profile[]> {
    const rows = await this.db.all<ProfileRow>('SELECT * FROM profiles ORDER BY name')
    return rows.map(fromRow)
  }

  async get(name: string): Promise<Profile | undefined> {
    const row = await this.db.get<ProfileRow>('SELECT * FROM profiles WHERE name = ?', [name])
    return row ? fromRow(row) : undefined
  }

  async active(): Promise<Profile | undefined> {
    const row = await this.db.get<ProfileRow>('SELECT * FROM profiles WHERE active = 1')
    return row ? fromRow(row) : undefined
  }

  /** Creates or updates a profile; the first profile, or one saved with `activate`, becomes active. */
  async upsert(profile: Omit<Profile, 'active'>, activate: boolean): Promise<Profile> {
    const at = this.now()
    await this.db.write(async () => {
      const anyActive = await this.db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM profiles WHERE active = 1',
      )
      const makeActive = activate || (anyActive?.n ?? 0) === 0
      if (makeActive) await this.db.run('UPDATE profiles SET active = 0 WHERE active = 1')
      await this.db.run(
        `INSERT INTO profiles (name, region, endpoint, access_key_id, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET
           region = excluded.region, endpoint = excluded.endpoint,
           access_key_id = excluded.access_key_id, updated_at = excluded.updated_at,
           active = CASE WHEN excluded.active = 1 THEN 1 ELSE profiles.active END`,
        [
          profile.name,
          profile.region,
          profile.endpoint,
          profile.accessKeyId,
          makeActive ? 1 : 0,
          at,
          at,
        ],
      )
    })
    const saved = await this.get(profile.name)
    if (!saved) throw new Error(`Profile ${profile.name} vanished while being saved`)
    return saved
  }

  /** Removes a profile; if it was active, the first remaining one (by name) takes over. */
  async delete(name: string): Promise<boolean> {
    return this.db.write(async () => {
      const { changes } = await this.db.run('DELETE FROM profiles WHERE name = ?', [name])
      await this.db.run(
        `UPDATE profiles SET active = 1
         WHERE name = (SELECT name FROM profiles ORDER BY name LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM profiles WHERE active = 1)`,
      )
      return changes > 0
    })
  }

  async activate(name: string): Promise<boolean> {
    return this.db.write(async () => {
      const exists = await this.db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM profiles WHERE name = ?',
        [name],
      )
      if ((exists?.n ?? 0) === 0) return false
      await this.db.run('UPDATE profiles SET active = 0 WHERE active = 1')
      await this.db.run('UPDATE profiles SET active = 1 WHERE name = ?', [name])
      return true
    })
  }
}
