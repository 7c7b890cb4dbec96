import { dirname } from 'node:path'
import sqlite3 from 'sqlite3'
import { asStorageError } from '../storage-error'

export type SqlParam = string | number | bigint | null | Buffer
export type SqlParams = readonly SqlParam[] | Readonly<Record<string, SqlParam>>

export interface RunResult {
  lastId: number
  changes: number
}

/**
 * A small promise layer over `sqlite3` (N-API, so the same build serves Node and Electron).
 * One connection; writes are serialised through `write()` so a transaction never swallows, or
 * rolls back, a statement that another caller issued while it was open. Failures of the data
 * folder itself (full, read-only, damaged, gone) reject as a StorageError naming the folder.
 */
export class Database {
  private writeChain: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly db: sqlite3.Database,
    private readonly folder: string,
  ) {}

  /** `create: false` opens only a file that exists: a vanished one is an error, not a new one. */
  static open(file: string, options: { create?: boolean } = {}): Promise<Database> {
    const mode =
      options.create === false
        ? sqlite3.OPEN_READWRITE
        : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE
    const folder = dirname(file)
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, mode, (error) => {
        if (error) reject(asStorageError(error, folder))
        else resolve(new Database(db, folder))
      })
    })
  }

  /**
   * A second, read-only connection to a database another connection opened and configured
   * (query_only: it can never write). In WAL it reads beside that one instead of queueing on it.
   */
  static async openReader(file: string): Promise<Database> {
    const reader = await Database.open(file, { create: false })
    try {
      await reader.exec('PRAGMA busy_timeout = 5000')
      await reader.exec('PRAGMA query_only = 1')
      return reader
    } catch (error) {
      await reader.close().catch(() => undefined)
      throw error
    }
  }

  /**
   * WAL keeps readers unblocked while the scanner writes; a crash loses no committed state. The
   * busy timeout comes first: switching to WAL takes a lock another process may hold.
   */
  async configure(): Promise<void> {
    await this.exec('PRAGMA busy_timeout = 5000')
    await this.journalModeWal()
    await this.exec('PRAGMA synchronous = NORMAL')
    await this.exec('PRAGMA foreign_keys = ON')
  }

  /**
   * Two connections switching a file to WAL at once can deadlock on the lock upgrade, and SQLite
   * then answers SQLITE_BUSY at once instead of waiting (its busy handler is skipped to break the
   * deadlock). Trying again after a short pause lets the other finish; once a file is in WAL the
   * statement takes no exclusive lock.
   */
  private async journalModeWal(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.exec('PRAGMA journal_mode = WAL')
        return
      } catch (error) {
        const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY'
        if (!busy || attempt >= 50) throw error
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80))
      }
    }
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (error) => {
        if (error) reject(this.failure(error))
        else resolve()
      })
    })
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const failure = (error: Error) => this.failure(error)
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(failure(error))
        else resolve({ lastId: this.lastID, changes: this.changes })
      })
    })
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (error: Error | null, row: T | undefined) => {
        if (error) reject(this.failure(error))
        else resolve(row)
      })
    })
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (error: Error | null, rows: T[]) => {
        if (error) reject(this.failure(error))
        else resolve(rows)
      })
    })
  }

  /**
   * Runs `work` inside one transaction, after every earlier write has finished. A throw rolls
   * the whole transaction back and rethrows the error that caused it.
   */
  write<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeChain.then(async () => {
      await this.exec('BEGIN IMMEDIATE')
      try {
        const value = await work()
        await this.exec('COMMIT')
        return value
      } catch (error) {
        await this.rollbackIfOpen()
        throw error
      }
    })
    // Keep the chain alive after a failure; the caller still sees the rejection.
    this.writeChain = next.catch(() => undefined)
    return next
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.close((error) => {
        if (error) reject(this.failure(error))
        else resolve()
      })
    })
  }

  /**
   * SQLite rolls a transaction back by itself on SQLITE_FULL, IOERR, NOMEM and the like, and
   * node-sqlite3 cannot ask whether one is still open (no sqlite3_get_autocommit). So ROLLBACK is
   * tried and its own failure ("no transaction is active") dropped: it must never replace the
   * error that caused it.
   */
  private async rollbackIfOpen(): Promise<void> {
    await this.exec('ROLLBACK').catch(() => undefined)
  }

  private failure(error: Error): Error {
    return asStorageError(error, this.folder)
  }
}
