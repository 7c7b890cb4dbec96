import { randomBytes } from 'node:crypto'
import type {
  ChangeBatch,
  ChangeFeed,
  ChangeFeedOptions,
  ChangeKind,
  ChangeListener,
} from '../ports/change-feed'
import { Database } from './database'

/** Often enough that the app shows a CLI scan's items within a second. */
const DEFAULT_FEED_POLL_MS = 200

/** Rows read at a time, so a reader far behind never holds thousands of rows at once. */
const PAGE = 2000

interface SqliteChangeFeedOptions extends ChangeFeedOptions {
  /** The database file (read by a connection of the feed's own). */
  readonly file: string
  /** This process's connection: its changes are marked as this process's own. */
  readonly writer: Database
}

interface ChangeRow {
  seq: number
  kind: ChangeKind
  itemId: number | null
  origin: string | null
  at: number
}

const ALL_KINDS: readonly ChangeKind[] = ['items', 'settings', 'credentials', 'watch']

/**
 * The SQLite change feed (docs/architecture.md §3). Triggers (migration 9) log every change in
 * `changes`; a temporary trigger on this process's connection stamps the rows it writes with a
 * run id, so its own changes are told apart. A second, read-only connection polls: `PRAGMA
 * data_version` on it changes only when some connection committed, so an idle poll costs one
 * pragma and no read. Reading through its own connection also means only committed rows are
 * ever seen, never a transaction of this process that may still roll back.
 */
export class SqliteChangeFeed implements ChangeFeed {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> = Promise.resolve()
  private listener: ChangeListener | null = null
  private dataVersion = -1
  private closed = false

  private constructor(
    private readonly reader: Database,
    private readonly writer: Database,
    private readonly runId: string,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
    private current: number,
    /** When the last change read was made: a reader that missed pruned rows catches up from it. */
    private lastAt: number,
  ) {}

  static async open(options: SqliteChangeFeedOptions): Promise<SqliteChangeFeed> {
    const runId = randomBytes(8).toString('hex')
    // A TEMP trigger lives and dies with this connection, so a crashed process leaves none behind.
    await options.writer.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS changes_origin AFTER INSERT ON main.changes
       BEGIN UPDATE main.changes SET origin = '${runId}' WHERE seq = NEW.seq; END`,
    )
    const reader = await Database.openReader(options.file)
    try {
      const head = await reader.get<{ seq: number | null; at: number | null }>(
        'SELECT seq, at FROM changes ORDER BY seq DESC LIMIT 1',
      )
      return new SqliteChangeFeed(
        reader,
        options.writer,
        runId,
        options.pollMs ?? DEFAULT_FEED_POLL_MS,
        options.onError ?? (() => undefined),
        head?.seq ?? 0,
        head?.at ?? Date.now(),
      )
    } catch (error) {
      await reader.close().catch(() => undefined)
      throw error
    }
  }

  get position(): number {
    return this.current
  }

  follow(listener: ChangeListener): void {
    this.listener = listener
    this.schedule()
  }

  async record(kind: ChangeKind): Promise<void> {
    await this.writer.write(() => this.writer.run('INSERT INTO changes (kind) VALUES (?)', [kind]))
  }

  poll(): Promise<void> {
    const next = this.running.then(() => this.read())
    this.running = next.catch((error: unknown) => {
      this.onError(error)
    })
    return next
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
    await this.reader.close()
  }

  private schedule(): void {
    if (this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.poll()
        .catch(() => undefined)
        .then(() => {
          this.schedule()
        })
    }, this.pollMs)
    // Following must not keep a finished CLI run alive.
    this.timer.unref()
  }

  private async read(): Promise<void> {
    if (this.closed) return
    const version = await this.reader.get<{ data_version: number }>('PRAGMA data_version')
    if (version?.data_version === this.dataVersion) return
    // Taken before the rows: a commit made while they are read shows up on the next poll.
    this.dataVersion = version?.data_version ?? -1
    for (;;) {
      const rows = await this.reader.all<ChangeRow>(
        'SELECT seq, kind, item_id AS itemId, origin, at FROM changes WHERE seq > ? ORDER BY seq LIMIT ?',
        [this.current, PAGE],
      )
      if (rows.length === 0) return
      const batch = await this.batchOf(rows)
      this.current = batch.position
      this.lastAt = rows.at(-1)?.at ?? this.lastAt
      await this.listener?.(batch)
      if (rows.length < PAGE) return
    }
  }

  private async batchOf(rows: readonly ChangeRow[]): Promise<ChangeBatch> {
    const position = rows.at(-1)?.seq ?? this.current
    // Rows are numbered without holes, so a first row past the next number means the rows in
    // between were pruned before this process read them: take every item changed since.
    if ((rows[0]?.seq ?? 0) > this.current + 1) {
      const changed = await this.reader.all<{ id: number }>(
        'SELECT id FROM items WHERE updated_at >= ? ORDER BY id',
        // A second of slack for clocks of different processes.
        [this.lastAt - 1000],
      )
      const kinds = new Set(ALL_KINDS)
      return { position, items: changed.map((r) => r.id), others: kinds, any: kinds }
    }
    const items = new Set<number>()
    const others = new Set<ChangeKind>()
    const any = new Set<ChangeKind>()
    for (const row of rows) {
      any.add(row.kind)
      if (row.origin === this.runId) continue
      others.add(row.kind)
      if (row.kind === 'items' && row.itemId !== null) items.add(row.itemId)
    }
    return { position, items: [...items], others, any }
  }
}
