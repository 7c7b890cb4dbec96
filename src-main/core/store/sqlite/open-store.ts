import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, copyFile, link, mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Logger } from '../../log/logger'
import type { Store } from '../ports/store'
import { asStorageError, storageCodeOf, storageError, StorageError } from '../storage-error'
import { moveAside, type StoreNotice } from '../store-notice'
import { SqliteChangeFeed } from './change-feed'
import { Database } from './database'
import { CorrectionHistoryRepo } from './correction-history-repo'
import { DecisionOutboxRepo } from './decision-outbox-repo'
import { FeedbackRepo } from './feedback-repo'
import { FileIndexRepo } from './file-index-repo'
import { ItemRemovalRepo } from './item-removal-repo'
import { ItemsRepo } from './items-repo'
import { migrate } from './migrations'
import { ProfilesRepo } from './profiles-repo'
import { SettingsRepo } from './settings-repo'
import { VerdictCacheRepo } from './verdict-cache-repo'
import { WatchListRepo } from './watch-list-repo'

/**
 * The store ports over one SQLite file (see docs/architecture.md §1), with the connection beside
 * them for what only SQLite has: tests and benchmarks that inspect the file. Services see `Store`.
 */
export interface SqliteStore extends Store {
  readonly db: Database
  readonly items: ItemsRepo
}

const databases = new WeakMap<Store, Database>()

/** The connection behind a store that openStore opened (tests and benchmarks only). */
export function sqliteDatabaseOf(store: Store): Database {
  const db = databases.get(store)
  if (db === undefined) throw new Error('not a SQLite store')
  return db
}

export interface OpenStoreOptions {
  /** Where moved-aside files and unreadable rows are reported. */
  readonly log?: Pick<Logger, 'warn' | 'error'>
  /** For the moved-aside file's name. */
  readonly now?: () => Date
}

export const DATABASE_FILE = 'greenlight.sqlite'

/**
 * Opens the database in the data dir, creating it if there is none, and brings its schema up to
 * date. A folder that cannot be written to is one StorageError naming it. A database that is
 * empty (0 bytes) or damaged is never silently replaced: it is moved aside with its WAL and
 * reported in `notices`, then a new one is started.
 */
export async function openStore(
  dataDir: string,
  options: OpenStoreOptions = {},
): Promise<SqliteStore> {
  await ensureWritable(dataDir)
  const file = join(dataDir, DATABASE_FILE)
  const notices: StoreNotice[] = []
  const current = () =>
    stat(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw asStorageError(error, dataDir)
    })
  /** Moves the file aside, unless another process already did (and put a new one there). */
  const setAside = async (inode: number, reason: string) => {
    if ((await current())?.ino !== inode) return
    const notice = await moveAside(file, reason, options.now?.() ?? new Date()).catch(
      (error: unknown) => {
        throw asStorageError(error, dataDir)
      },
    )
    options.log?.error('database moved aside', { file, movedTo: notice.movedTo, reason })
    notices.push(notice)
  }
  // A few rounds: another process may move a damaged file aside or create the first one meanwhile.
  for (let round = 0; round < 5; round++) {
    const found = await current()
    if (found === null) await createFresh(dataDir, file)
    else if (found.size === 0) {
      // SQLite would take it for a new database (and delete a WAL beside it): keep it instead.
      await setAside(found.ino, 'the file is empty (0 bytes)')
      continue
    }
    const inode = found?.ino ?? (await current())?.ino ?? -1
    let db: Database
    try {
      db = await Database.open(file, { create: false })
    } catch (error) {
      if (round < 3 && storageCodeOf(error) === 'STORAGE_UNAVAILABLE') continue
      throw error
    }
    try {
      await db.configure()
      await migrate(db)
      // Reads the schema pages too, so a damaged file is found now rather than mid-scan.
      await db.get('SELECT COUNT(*) AS n FROM sqlite_master')
    } catch (error) {
      await db.close().catch(() => undefined)
      if (round < 3 && storageCodeOf(error) === 'STORAGE_CORRUPT') {
        // SQLite's own words ("file is not a database"), not the advice wrapped around them.
        const cause = error instanceof StorageError ? error.cause : error
        await setAside(inode, cause instanceof Error ? cause.message : String(cause))
        continue
      }
      throw error
    }
    // The filter counts read on a connection of their own, opened when first asked (the CLI
    // never asks): in WAL a reader runs beside the main connection instead of queueing on it.
    let countsDb: Promise<Database> | null = null
    const counts = () => (countsDb ??= Database.openReader(file))
    const store: SqliteStore = {
      db,
      items: new ItemsRepo(
        db,
        Date.now,
        (id, reason) => {
          options.log?.warn('unreadable item row skipped', { id, reason })
        },
        counts,
      ),
      verdicts: new VerdictCacheRepo(db),
      settings: new SettingsRepo(db),
      profiles: new ProfilesRepo(db),
      feedback: new FeedbackRepo(db),
      decisions: new DecisionOutboxRepo(db),
      removal: new ItemRemovalRepo(db),
      corrections: new CorrectionHistoryRepo(db),
      watch: { folders: new WatchListRepo(db), files: new FileIndexRepo(db) },
      notices,
      openChangeFeed: (feed) => SqliteChangeFeed.open({ ...feed, file, writer: db }),
      close: async () => {
        const reader = countsDb
        countsDb = null
        await reader?.then((r) => r.close()).catch(() => undefined)
        await db.close()
      },
    }
    databases.set(store, db)
    return store
  }
  throw new StorageError(
    storageError('STORAGE_UNAVAILABLE', dataDir, 'the database kept changing while it was opened'),
  )
}

/** Creates the folder if needed; one clear error when it cannot be written to. */
async function ensureWritable(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true })
    await access(dataDir, constants.W_OK)
  } catch (error) {
    const cause = await blockingAncestor(dataDir, error)
    const detail = (cause as NodeJS.ErrnoException).code ?? String(cause)
    throw new StorageError(
      storageError(storageCodeOf(cause) ?? 'STORAGE_UNAVAILABLE', dataDir, detail),
      { cause },
    )
  }
}

/**
 * Node's recursive mkdir says ENOENT when a parent on a read-only mount refuses the new folder:
 * the nearest existing parent's own write check tells the real reason.
 */
async function blockingAncestor(dataDir: string, error: unknown): Promise<unknown> {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    const exists = await stat(dir).then(
      () => true,
      () => false,
    )
    if (!exists) continue
    return access(dir, constants.W_OK).then(
      () => error,
      (denied: unknown) => denied,
    )
  }
  return error
}

/**
 * A new database is built under a temporary name and linked into place, so no process ever sees
 * a half-made file (which could not be told from a damaged one). When two create at once, the
 * first link wins and the other opens it.
 */
async function createFresh(dataDir: string, file: string): Promise<void> {
  const temp = `${file}.new-${String(process.pid)}-${randomBytes(4).toString('hex')}`
  try {
    const db = await Database.open(temp)
    try {
      await db.exec('PRAGMA busy_timeout = 5000')
      // Born in WAL (the mode is kept in the file), so the processes that open it next never
      // race each other to switch it.
      await db.exec('PRAGMA journal_mode = WAL')
      await migrate(db)
    } finally {
      await db.close()
    }
    await link(temp, file).catch(async (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return
      // No hard links on this file system (FAT, some network shares): copy, never overwrite.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        await copyFile(temp, file, constants.COPYFILE_EXCL).catch((again: unknown) => {
          if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again
        })
        return
      }
      throw error
    })
  } catch (error) {
    throw asStorageError(error, dataDir)
  } finally {
    await rm(temp, { force: true }).catch(() => undefined)
    for (const suffix of ['-journal', '-wal', '-shm']) {
      await rm(`${temp}${suffix}`, { force: true }).catch(() => undefined)
    }
  }
}
