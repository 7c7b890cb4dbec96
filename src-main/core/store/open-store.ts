import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { FeedbackRepo } from '../feedback/feedback-repo'
import { Database } from './database'
import { ItemsRepo } from './items-repo'
import { migrate } from './migrations'
import { ProfilesRepo } from './profiles-repo'
import { SettingsRepo } from './settings-repo'

export interface Store {
  readonly db: Database
  readonly items: ItemsRepo
  readonly settings: SettingsRepo
  readonly profiles: ProfilesRepo
  /** Reviewer corrections per image (feedback/feedback-repo.ts). */
  readonly feedback: FeedbackRepo
  close(): Promise<void>
}

export const DATABASE_FILE = 'greenlight.sqlite'

/** Opens (creating if needed) the database in the data dir and brings its schema up to date. */
export async function openStore(dataDir: string): Promise<Store> {
  mkdirSync(dataDir, { recursive: true })
  const db = await Database.open(join(dataDir, DATABASE_FILE))
  try {
    await db.configure()
    await migrate(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return {
    db,
    items: new ItemsRepo(db),
    settings: new SettingsRepo(db),
    profiles: new ProfilesRepo(db),
    feedback: new FeedbackRepo(db),
    close: () => db.close(),
  }
}
