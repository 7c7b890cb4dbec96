import sqlite3 from 'sqlite3'

export type SqlParam = string | number | bigint | null | Buffer
export type SqlParams = readonly SqlParam[] | Readonly<Record<string, SqlParam>>

export interface RunResult {
  lastId: number
  changes: number
}

/**
 * A small promise layer over `sqlite3` (N-API, so the same build serves Node and Electron).
 * One connection; writes are serialised through `write()` so a transaction never swallows, or
 * rolls back, a statement that another caller issued while it was open.
 */
export class Database {
  private writeChain: Promise<unknown> = Promise.resolve()

  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string): Promise<Database> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => {
        if (error) reject(error)
        else resolve(new Database(db))
      })
    })
  }

  /** WAL keeps readers unblocked while the scanner writes; a crash loses no committed state. */
  async configure(): Promise<void> {
    await this.exec('PRAGMA journal_mode = WAL')
    await this.exec('PRAGMA synchronous = NORMAL')
    await this.exec('PRAGMA foreign_keys = ON')
    await this.exec('PRAGMA busy_timeout = 5000')
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (error) => {
        if (error) reject(error)
        else resolve()
      })
    })
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error)
        else resolve({ lastId: this.lastID, changes: this.changes })
      })
    })
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (error: Error | null, row: T | undefined) => {
        if (error) reject(error)
        else resolve(row)
      })
    })
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (error: Error | null, rows: T[]) => {
        if (error) reject(error)
        else resolve(rows)
      })
    })
  }

  /**
   * Runs `work` inside one transaction, after every earlier write has finished. A throw rolls
   * the whole transaction back and rethrows.
   */
  write<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeChain.then(async () => {
      await this.exec('BEGIN IMMEDIATE')
      try {
        const value = await work()
        await this.exec('COMMIT')
        return value
      } catch (error) {
        await this.exec('ROLLBACK')
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
        if (error) reject(error)
        else resolve()
      })
    })
  }
}
