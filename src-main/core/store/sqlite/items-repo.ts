import type {
  EngineId,
  Item,
  ItemFacets,
  ItemFeedback,
  ItemFilter,
  ItemSort,
  ItemState,
  Progress,
  Scene,
  ScanMode,
  SceneResult,
  SourceKind,
  Suggestion,
} from '../../../../src-shared/domain'
import { EMPTY_PROGRESS, FACET_LABELS } from '../../../../src-shared/domain'
import type { AppError } from '../../../../src-shared/result'
import type { ImageMatch, ItemPage, ItemQueries, ItemQuery } from '../ports/item-queries'
import {
  RUNNING_STATES,
  type AwaitingTask,
  type ItemLeaseHolder,
  type ItemPatch,
  type NewItem,
  type QueueStore,
  type Reclaimed,
} from '../ports/queue-store'
import type { Database, SqlParam } from './database'
import { decodeNote, encodeNote } from './note-column'

interface ItemRow {
  id: number
  source_kind: SourceKind
  source: string
  sha256: string | null
  engine: EngineId
  scenes: string
  biz_type: string | null
  mode: ScanMode
  state: ItemState
  suggestion: Suggestion | null
  results: string
  unsupported_scenes: string
  error: string | null
  note: string | null
  data_id: string | null
  task_id: string | null
  sent_url: string | null
  submitted_at: number | null
  feedback: string | null
  created_at: number
  updated_at: number
  scanned_at: number | null
}

const PATCH_COLUMNS: {
  [K in keyof Required<ItemPatch>]: [column: string, encode: (v: ItemPatch[K]) => SqlParam]
} = {
  state: ['state', (v) => v ?? null],
  sha256: ['sha256', (v) => v ?? null],
  suggestion: ['suggestion', (v) => v ?? null],
  results: ['results', (v) => JSON.stringify(v ?? [])],
  unsupportedScenes: ['unsupported_scenes', (v) => JSON.stringify(v ?? [])],
  error: ['error', (v) => (v ? JSON.stringify(v) : null)],
  note: ['note', encodeNote],
  dataId: ['data_id', (v) => v ?? null],
  taskId: ['task_id', (v) => v ?? null],
  sentUrl: ['sent_url', (v) => v ?? null],
  submittedAt: ['submitted_at', (v) => v ?? null],
  feedback: ['feedback', (v) => (v ? JSON.stringify(v) : null)],
  scannedAt: ['scanned_at', (v) => v ?? null],
}

function decodeRow(row: ItemRow): Item {
  return {
    id: row.id,
    sourceKind: row.source_kind,
    source: row.source,
    sha256: row.sha256,
    engine: row.engine,
    scenes: JSON.parse(row.scenes) as Scene[],
    bizType: row.biz_type,
    mode: row.mode,
    state: row.state,
    suggestion: row.suggestion,
    results: JSON.parse(row.results) as SceneResult[],
    unsupportedScenes: JSON.parse(row.unsupported_scenes) as Scene[],
    error: row.error === null ? null : (JSON.parse(row.error) as AppError),
    note: decodeNote(row.note),
    dataId: row.data_id,
    taskId: row.task_id,
    sentUrl: row.sent_url,
    submittedAt: row.submitted_at,
    feedback: row.feedback === null ? null : (JSON.parse(row.feedback) as ItemFeedback),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    scannedAt: row.scanned_at,
  }
}

/** A row that cannot become an Item (invalid JSON in a column): its id and why. */
export type UnreadableRowListener = (id: number, reason: string) => void

/** SQL: the watched folder `?` names holds the item (either separator; see isInFolder). */
const IN_WATCHED_FOLDER = (() => {
  const base = "(SELECT rtrim(path, '/\\') FROM watch_folders WHERE id = ?)"
  // A prefix as a range on the source index: `b/` up to `b0`, `b\` up to `b]` (the next code points).
  const range = (sep: string, next: string) =>
    `(source >= ${base} || '${sep}' AND source < ${base} || '${next}')`
  return `source_kind = 'file' AND (${range('/', '0')} OR ${range('\\', ']')})`
})()

/**
 * SQL: the item has a tag (a flagged scene or a returned label; migration 12). As a list, so a
 * count seeks the tag's rows instead of testing every item.
 */
const HAS_TAG = 'id IN (SELECT item_id FROM item_tags WHERE kind = ? AND value = ?)'

/**
 * The filter as SQL, the same predicate as matchesFilter (src-shared/domain/item-filter.ts).
 * Every condition reads a column or an index, never JSON, so 100k items stay fast.
 */
export function whereClause(filter: ItemFilter): { sql: string; params: SqlParam[] } {
  const parts: string[] = []
  const params: SqlParam[] = []
  const where = (sql: string, ...values: SqlParam[]) => {
    parts.push(sql)
    params.push(...values)
  }
  const oneOf = (column: string, values: readonly string[] | undefined) => {
    if (values && values.length > 0)
      where(`${column} IN (${values.map(() => '?').join(', ')})`, ...values)
  }
  oneOf('state', filter.states)
  oneOf('suggestion', filter.suggestions)
  if (filter.engine) where('engine = ?', filter.engine)
  if (filter.scene) where(HAS_TAG, 'scene', filter.scene)
  if (filter.label !== undefined) where(HAS_TAG, 'label', filter.label)
  if (filter.corrected !== undefined) {
    where(filter.corrected ? 'feedback IS NOT NULL' : 'feedback IS NULL')
  }
  if (filter.search) {
    // LIKE with an escape so a user's `%` or `_` is matched literally.
    where("source LIKE ? ESCAPE '\\'", `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  }
  // The same expression as the items_by_judged index, so the bounds are a range on it.
  if (filter.from !== undefined) where('COALESCE(scanned_at, created_at) >= ?', filter.from)
  if (filter.to !== undefined) where('COALESCE(scanned_at, created_at) <= ?', filter.to)
  if (filter.watchedFolderId !== undefined) {
    where(IN_WATCHED_FOLDER, ...Array<number>(4).fill(filter.watchedFolderId))
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/** `filter` without the dimensions named: a facet counts with its own choice left out. */
function without(filter: ItemFilter, ...keys: (keyof ItemFilter)[]): ItemFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([key]) => !keys.includes(key as keyof ItemFilter)),
  )
}

/** `WHERE a` + `AND b`: extra conditions after a filter's own. */
function andWhere(where: { sql: string }, extra: string): string {
  return where.sql === '' ? `WHERE ${extra}` : `${where.sql} AND ${extra}`
}

/** A row of grouped counts: the columns grouped by, whichever they were, and how many. */
interface CountRow {
  state?: ItemState
  suggestion?: Suggestion | null
  engine?: EngineId
  fixed?: 0 | 1
  count: number
}

/** The facets' shared grouping (see facets): every unfiltered dimension in one pass. */
const CUBE_COLUMNS = 'state, suggestion, engine, feedback IS NOT NULL AS fixed'

function sumCounts(rows: readonly CountRow[], keep: (row: CountRow) => boolean): number {
  return rows.filter(keep).reduce((sum, row) => sum + row.count, 0)
}

/** Rows merged by `key`, their counts added: the cube's rows folded to one dimension. */
function groupCounts(rows: readonly CountRow[], key: (row: CountRow) => string): CountRow[] {
  const merged = new Map<string, CountRow>()
  for (const row of rows) {
    const seen = merged.get(key(row))
    merged.set(key(row), seen ? { ...seen, count: seen.count + row.count } : { ...row })
  }
  return [...merged.values()]
}

/**
 * Each sort as SQL; every one ends on id so pages never overlap or skip. Each matches an index
 * (migration 12): risk and name read their stored columns, not the results JSON.
 */
const ORDER_BY: Readonly<Record<ItemSort, string>> = {
  newest: 'created_at DESC, id DESC',
  oldest: 'created_at ASC, id ASC',
  name: 'name COLLATE NOCASE ASC, id ASC',
  // The highest flagged rate first; clean and unjudged images (NULL, the lowest) last.
  risk: 'risk DESC, id DESC',
}

/**
 * The list's query for a filter and sort, before LIMIT: what `list` runs, and what the plan tests
 * (query-plans.test.ts) check reads an index.
 */
export function pageQuery(filter: ItemFilter, sort: ItemSort): { sql: string; params: SqlParam[] } {
  const where = whereClause(filter)
  return {
    sql: `SELECT * FROM items ${where.sql} ORDER BY ${ORDER_BY[sort]}`,
    params: where.params,
  }
}

/** SQL: no item of the same source is newer (up to `maxId` when given: `?` bound after). */
function noNewerSql(bounded: boolean): string {
  return `NOT EXISTS (SELECT 1 FROM items AS newer WHERE newer.source = items.source
    AND newer.id > items.id${bounded ? ' AND newer.id <= ?' : ''})`
}

/** States whose items a process is working on right now: these carry its lease. */
const SYNC_RUNNING = RUNNING_STATES.filter((s) => s !== 'submitted' && s !== 'polling')
const inList = (states: readonly ItemState[]) => states.map((s) => `'${s}'`).join(', ')

/**
 * Items in SQLite. One row that cannot be read (a column hand-edited to invalid JSON, say) is
 * skipped, its id logged once and counted, and never stops a list, an export or a scan.
 */
export class ItemsRepo implements QueueStore, ItemQueries {
  private readonly unreadableRows = new Map<number, string>()
  private lease: ItemLeaseHolder | null = null

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly onUnreadable: UnreadableRowListener = () => undefined,
    /** The connection the filter counts read on: another one than `db`, where one is given. */
    private readonly countsDb: () => Promise<Database> = () => Promise.resolve(db),
  ) {}

  /**
   * From now on every item this repo moves into a running state is leased to `lease.owner`, and
   * every guarded transition leaves alone the items another owner holds (docs/architecture.md §4,
   * "Leases"): a process that stalled past its lease cannot overwrite the process that took its
   * work back. Any move out of the running states ends the lease.
   */
  useLease(lease: ItemLeaseHolder): void {
    this.lease = lease
  }

  /** Ids of the rows found unreadable so far, with why: each reported once. */
  get unreadable(): ReadonlyMap<number, string> {
    return this.unreadableRows
  }

  /** The row as an Item, or undefined (logged and counted) when it cannot be read. */
  private fromRow(row: ItemRow): Item | undefined {
    try {
      return decodeRow(row)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      if (!this.unreadableRows.has(row.id)) {
        this.unreadableRows.set(row.id, reason)
        this.onUnreadable(row.id, reason)
      }
      return undefined
    }
  }

  private fromRows(rows: readonly ItemRow[]): Item[] {
    const items: Item[] = []
    for (const row of rows) {
      const item = this.fromRow(row)
      if (item !== undefined) items.push(item)
    }
    return items
  }

  /** Inserts all items in one transaction: a crash leaves all of them or none. */
  async insertMany(items: readonly NewItem[]): Promise<Item[]> {
    if (items.length === 0) return []
    const ids = await this.db.write(async () => {
      const inserted: number[] = []
      const at = this.now()
      for (const item of items) {
        const { lastId } = await this.db.run(
          // Numbered above every id ever removed (migration 13): an id is never reused.
          `INSERT INTO items (id, source_kind, source, engine, scenes, biz_type, mode, state, created_at, updated_at)
           VALUES ((SELECT MAX(high, IFNULL((SELECT MAX(id) FROM items), 0)) + 1 FROM item_id_floor),
             ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
          [
            item.sourceKind,
            item.source,
            item.engine,
            JSON.stringify(item.scenes),
            item.bizType ?? null,
            item.mode ?? 'sync',
            at,
            at,
          ],
        )
        inserted.push(lastId)
      }
      return inserted
    })
    return this.getMany(ids)
  }

  async get(id: number): Promise<Item | undefined> {
    const row = await this.db.get<ItemRow>('SELECT * FROM items WHERE id = ?', [id])
    return row ? this.fromRow(row) : undefined
  }

  async getMany(ids: readonly number[]): Promise<Item[]> {
    const out: Item[] = []
    // SQLite caps bound parameters; 500 a query stays far below every build's limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const rows = await this.db.all<ItemRow>(
        `SELECT * FROM items WHERE id IN (${chunk.map(() => '?').join(', ')}) ORDER BY id`,
        chunk,
      )
      out.push(...this.fromRows(rows))
    }
    return out
  }

  /** Writes the patch and returns the item as stored: the caller announces only what is on disk. */
  async update(id: number, patch: ItemPatch): Promise<Item | undefined> {
    const { sets, params } = this.encodePatch(patch)
    params.push(id)
    await this.db.write(() =>
      this.db.run(`UPDATE items SET ${sets.join(', ')} WHERE id = ?`, params),
    )
    return this.get(id)
  }

  /**
   * Writes the patch only if the item is still in one of `from` (a guarded transition): a late
   * answer for an item the user cancelled meanwhile cannot overwrite the cancel. Returns the
   * stored item, or undefined when the guard did not match.
   */
  async updateIf(
    id: number,
    from: readonly ItemState[],
    patch: ItemPatch,
  ): Promise<Item | undefined> {
    const { sets, params } = this.encodePatch(patch)
    const mine = this.notForeignSql()
    const { changes } = await this.db.write(() =>
      this.db.run(
        `UPDATE items SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})${mine.sql}`,
        [...params, id, ...from, ...mine.params],
      ),
    )
    return changes > 0 ? this.get(id) : undefined
  }

  /**
   * Moves every item in one of `from` (all of them, or only `ids`) to the patch in one
   * transaction, and returns the items it moved: pause, cancel, retry and crash recovery.
   */
  async transitionAll(
    from: readonly ItemState[],
    patch: ItemPatch,
    ids?: readonly number[],
  ): Promise<Item[]> {
    const { sets, params } = this.encodePatch(patch)
    const moved = await this.db.write(async () => {
      const found: number[] = []
      const mine = this.notForeignSql()
      const stateSql = `state IN (${from.map(() => '?').join(', ')})${mine.sql}`
      const chunks = ids === undefined ? [undefined] : chunk(ids, 500)
      for (const part of chunks) {
        const idSql = part === undefined ? '' : ` AND id IN (${part.map(() => '?').join(', ')})`
        const rows = await this.db.all<{ id: number }>(
          `SELECT id FROM items WHERE ${stateSql}${idSql}`,
          [...from, ...mine.params, ...(part ?? [])],
        )
        if (rows.length === 0) continue
        await this.db.run(`UPDATE items SET ${sets.join(', ')} WHERE ${stateSql}${idSql}`, [
          ...params,
          ...from,
          ...mine.params,
          ...(part ?? []),
        ])
        found.push(...rows.map((r) => r.id))
      }
      return found
    })
    return this.getMany(moved)
  }

  /**
   * The next batch of queued work: the oldest queued item and up to `limit - 1` more queued
   * items sharing its engine, scenes, bizType and mode (one engine call can carry them all).
   */
  async nextQueuedBatch(limit: number): Promise<Item[]> {
    const size = Math.max(1, limit)
    // Unreadable queued rows are stepped over: never claimed, never blocking the rows after them.
    let first: ItemRow | undefined
    for (let after = 0; first === undefined;) {
      const row = await this.db.get<ItemRow>(
        "SELECT * FROM items WHERE state = 'queued' AND id > ? ORDER BY id LIMIT 1",
        [after],
      )
      if (!row) return []
      if (this.fromRow(row) !== undefined) first = row
      after = row.id
    }
    const batch: Item[] = []
    for (let after = first.id - 1; batch.length < size;) {
      const wanted = size - batch.length
      const rows = await this.db.all<ItemRow>(
        `SELECT * FROM items WHERE state = 'queued' AND engine = ? AND scenes = ? AND biz_type IS ? AND mode = ?
         AND id > ? ORDER BY id LIMIT ?`,
        [first.engine, first.scenes, first.biz_type, first.mode, after, wanted],
      )
      batch.push(...this.fromRows(rows))
      const last = rows.at(-1)
      if (last === undefined || rows.length < wanted) break
      after = last.id
    }
    return batch
  }

  /**
   * The newest item for each of `sources` with this engine, scenes and bizType: what a rerun of
   * the same scan reuses instead of adding the same image again.
   */
  async latestBySource(
    sources: readonly string[],
    engine: EngineId,
    scenes: readonly Scene[],
    bizType: string | null,
  ): Promise<Map<string, Item>> {
    const found = new Map<string, Item>()
    for (const part of chunk(sources, 500)) {
      const rows = await this.db.all<ItemRow>(
        `SELECT * FROM items WHERE id IN (
           SELECT MAX(id) FROM items
           WHERE engine = ? AND scenes = ? AND biz_type IS ? AND source IN (${part.map(() => '?').join(', ')})
           GROUP BY source)`,
        [engine, JSON.stringify(scenes), bizType, ...part],
      )
      for (const item of this.fromRows(rows)) found.set(item.source, item)
    }
    return found
  }

  /**
   * The async tasks still owed a verdict (items submitted or polling), one row per task: what the
   * poller picks up after a restart. `submittedAt` is the earliest, so the 1-hour clock is honest.
   * With a lease, only the tasks this process holds, after taking over (guarded) those whose
   * lease ended or was released: a task another live process polls is left to it.
   */
  async awaitingTasks(): Promise<AwaitingTask[]> {
    const lease = this.lease
    const owned = lease === null ? '' : ' AND lease_owner = ?'
    const rows = await this.db.write(async () => {
      if (lease !== null) {
        await this.db.run(
          `UPDATE items SET lease_owner = ?, lease_until = ?
           WHERE state IN ('submitted', 'polling') AND task_id IS NOT NULL
             AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`,
          [lease.owner, lease.until(), lease.owner, this.now()],
        )
      }
      return this.db.all<{ task_id: string; engine: EngineId; submitted_at: number | null }>(
        `SELECT task_id, engine, MIN(submitted_at) AS submitted_at FROM items
         WHERE state IN ('submitted', 'polling') AND task_id IS NOT NULL${owned}
         GROUP BY task_id, engine`,
        lease === null ? [] : [lease.owner],
      )
    })
    return rows.map((r) => ({
      taskId: r.task_id,
      engine: r.engine,
      submittedAt: r.submitted_at ?? this.now(),
    }))
  }

  /** Items waiting on one async task (twins share it). */
  async awaitingTask(taskId: string, engine: EngineId): Promise<Item[]> {
    const rows = await this.db.all<ItemRow>(
      `SELECT * FROM items WHERE task_id = ? AND engine = ? AND state IN ('submitted', 'polling')
       ORDER BY id`,
      [taskId, engine],
    )
    return this.fromRows(rows)
  }

  /**
   * An async task already submitted for the same bytes and settings: a twin waits on it instead
   * of paying for a second submission.
   */
  async awaitingTwin(
    sha256: string,
    engine: EngineId,
    scenes: readonly Scene[],
    bizType: string | null,
  ): Promise<{ taskId: string; submittedAt: number } | undefined> {
    const row = await this.db.get<{ task_id: string; submitted_at: number | null }>(
      `SELECT task_id, submitted_at FROM items
       WHERE sha256 = ? AND engine = ? AND scenes = ? AND biz_type IS ?
         AND state IN ('submitted', 'polling') AND task_id IS NOT NULL
       LIMIT 1`,
      [sha256, engine, JSON.stringify(scenes), bizType],
    )
    return row ? { taskId: row.task_id, submittedAt: row.submitted_at ?? this.now() } : undefined
  }

  /** How many items are in one of these states. */
  async countIn(states: readonly ItemState[]): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM items WHERE state IN (${states.map(() => '?').join(', ')})`,
      [...states],
    )
    return row?.n ?? 0
  }

  /** Ids of the items showing one image (feedback's targets), oldest first. */
  async idsOfImage(match: ImageMatch): Promise<number[]> {
    const parts =
      'url' in match.image
        ? ["source_kind = 'url' AND source = ?"]
        : ["source_kind != 'url' AND sha256 = ?"]
    const params: SqlParam[] = ['url' in match.image ? match.image.url : match.image.sha256]
    if (match.engine !== undefined) {
      parts.push('engine = ?')
      params.push(match.engine)
    }
    if (match.state !== undefined) {
      parts.push('state = ?')
      params.push(match.state)
    }
    return this.idsWhere(parts.join(' AND '), params)
  }

  /** Ids of the items a reference names: a dataId, a Green taskId or an item id. */
  async idsByReference(reference: string): Promise<number[]> {
    const asId = /^\d{1,15}$/.test(reference) ? Number(reference) : -1
    return this.idsWhere('data_id = ? OR task_id = ? OR id = ?', [reference, reference, asId])
  }

  private async idsWhere(where: string, params: SqlParam[]): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>(
      `SELECT id FROM items WHERE ${where} ORDER BY id`,
      params,
    )
    return rows.map((r) => r.id)
  }

  // --- leases (docs/architecture.md §4, "Leases") ---------------------------------------------

  /**
   * Takes back the work of owners whose lease ended before `now` (or was released): items caught
   * mid-flight go back to the queue. Async tasks are not moved (they are paid for): the count of
   * those now free tells the caller to let its poller adopt them (awaitingTasks).
   */
  async reclaimExpired(now: number): Promise<Reclaimed> {
    const expired = `(lease_owner IS NULL OR lease_until < ?)`
    const moved = await this.db.write(async () => {
      const rows = await this.db.all<{ id: number }>(
        `SELECT id FROM items WHERE state IN (${inList(SYNC_RUNNING)}) AND ${expired}`,
        [now],
      )
      if (rows.length === 0) return []
      await this.db.run(
        `UPDATE items SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE state IN (${inList(SYNC_RUNNING)}) AND ${expired}`,
        [this.now(), now],
      )
      return rows.map((r) => r.id)
    })
    const free = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM items WHERE state IN ('submitted', 'polling')
       AND task_id IS NOT NULL AND ${expired}`,
      [now],
    )
    return { requeued: await this.getMany(moved), freeTasks: free?.n ?? 0 }
  }

  /** Pushes every lease `owner` holds out to `until`; updated_at is left alone (exports read it). */
  async renewLeases(owner: string, until: number): Promise<void> {
    await this.db.write(() =>
      // Through the running states, so the (state, lease_until) index keeps this off a table scan.
      this.db.run(
        `UPDATE items SET lease_until = ? WHERE state IN (${inList(RUNNING_STATES)}) AND lease_owner = ?`,
        [until, owner],
      ),
    )
  }

  /** Ends `owner`'s leases now: whatever it still held is anyone's to take at once. */
  async releaseLeases(owner: string): Promise<void> {
    await this.db.write(() =>
      this.db.run(
        `UPDATE items SET lease_owner = NULL, lease_until = NULL
         WHERE state IN (${inList(RUNNING_STATES)}) AND lease_owner = ?`,
        [owner],
      ),
    )
  }

  /**
   * Of `ids`, those running under a lease that is not this process's (another live Greenlight,
   * or one that stopped and whose lease has not run out yet).
   */
  async heldElsewhere(ids: readonly number[]): Promise<number[]> {
    const held: number[] = []
    for (const part of chunk(ids, 500)) {
      const rows = await this.db.all<{ id: number }>(
        `SELECT id FROM items WHERE id IN (${part.map(() => '?').join(', ')})
         AND state IN (${inList(RUNNING_STATES)}) AND lease_owner IS NOT ?`,
        [...part, this.lease?.owner ?? null],
      )
      held.push(...rows.map((r) => r.id))
    }
    return held
  }

  /** SQL for guarded transitions: not an item another owner holds (see useLease). */
  private notForeignSql(): { sql: string; params: SqlParam[] } {
    if (this.lease === null) return { sql: '', params: [] }
    return { sql: ' AND (lease_owner IS NULL OR lease_owner = ?)', params: [this.lease.owner] }
  }

  private encodePatch(patch: ItemPatch): { sets: string[]; params: SqlParam[] } {
    const sets: string[] = ['updated_at = ?']
    const params: SqlParam[] = [this.now()]
    for (const key of Object.keys(patch) as (keyof ItemPatch)[]) {
      const [column, encode] = PATCH_COLUMNS[key] as [string, (v: unknown) => SqlParam]
      sets.push(`${column} = ?`)
      params.push(encode(patch[key]))
    }
    // A move into a running state takes (or renews) this process's lease; any other move ends
    // the lease, so finished, failed, cancelled and requeued items are nobody's.
    if (patch.state !== undefined) {
      if (!RUNNING_STATES.includes(patch.state)) sets.push('lease_owner = NULL, lease_until = NULL')
      else if (this.lease !== null) {
        sets.push('lease_owner = ?, lease_until = ?')
        params.push(this.lease.owner, this.lease.until())
      }
    }
    return { sets, params }
  }

  /** Newest first by default, so a reviewer sees what just arrived. */
  async list(
    offset: number,
    limit: number,
    filter: ItemFilter,
    sort: ItemSort = 'newest',
  ): Promise<ItemPage> {
    const where = whereClause(filter)
    const page = pageQuery(filter, sort)
    const rows = await this.db.all<ItemRow>(`${page.sql} LIMIT ? OFFSET ?`, [
      ...page.params,
      limit,
      offset,
    ])
    const count = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM items ${where.sql}`,
      where.params,
    )
    const items = this.fromRows(rows)
    return { items, total: count?.n ?? 0, skipped: rows.length - items.length }
  }

  /**
   * Every matching id, in `sort` order: a select-all, or a sparse list's skeleton. One string
   * from SQLite, not a row per id: 100k ids cross the driver several times faster that way.
   */
  async ids(filter: ItemFilter, sort: ItemSort = 'newest'): Promise<number[]> {
    const where = whereClause(filter)
    const row = await this.db.get<{ ids: string | null }>(
      `SELECT group_concat(id, ',' ORDER BY ${ORDER_BY[sort]}) AS ids FROM items ${where.sql}`,
      where.params,
    )
    return row?.ids ? row.ids.split(',').map(Number) : []
  }

  /** Counts for the filter controls, each dimension with the others applied (see ItemFacets). */
  async facets(filter: ItemFilter): Promise<ItemFacets> {
    // On their own connection: a click's first page never waits behind the counts.
    const db = await this.countsDb()
    const all = whereClause(filter)
    const byVerdict = whereClause(without(filter, 'states', 'suggestions'))
    const byEngine = whereClause(without(filter, 'engine'))
    const byCorrected = whereClause(without(filter, 'corrected'))
    const byFolder = whereClause(without(filter, 'watchedFolderId'))
    // With a filter, the dimensions it leaves unset count the same rows as the total: one grouped
    // pass over them answers all of those. Without one, each reads its own index instead.
    const cube = all.sql === '' ? null : await countsBy(db, all, CUBE_COLUMNS)
    const fromCube = (where: { sql: string }) => (where.sql === all.sql ? cube : null)
    const [verdicts, engines, corrected, scenes, labels, folders] = await Promise.all([
      fromCube(byVerdict) ?? countsBy(db, byVerdict, 'state, suggestion'),
      fromCube(byEngine) ?? countsBy(db, byEngine, 'engine'),
      fromCube(byCorrected) ?? correctedCounts(db, byCorrected),
      tagCounts(db, 'scene', without(filter, 'scene')),
      tagCounts(db, 'label', without(filter, 'label'), FACET_LABELS, filter.label),
      // One count per folder, each a range on the source index (see IN_WATCHED_FOLDER).
      db.all<{ id: number; count: number }>(
        `SELECT w.id AS id, (SELECT COUNT(*) FROM items
           ${andWhere(byFolder, IN_WATCHED_FOLDER.replaceAll('WHERE id = ?', 'WHERE id = w.id'))}
         ) AS count FROM watch_folders AS w ORDER BY w.id`,
        byFolder.params,
      ),
    ])
    const total =
      cube === null
        ? ((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM items'))?.n ?? 0)
        : sumCounts(cube, () => true)
    return {
      total,
      verdicts: groupCounts(verdicts, (r) => `${r.state ?? ''}\t${r.suggestion ?? ''}`).flatMap(
        ({ state, suggestion = null, count }) => (state ? [{ state, suggestion, count }] : []),
      ),
      scenes: scenes as { value: Scene; count: number }[],
      labels,
      engines: groupCounts(engines, (r) => r.engine ?? '').flatMap(({ engine, count }) =>
        engine ? [{ value: engine, count }] : [],
      ),
      corrected: {
        yes: sumCounts(corrected, (r) => r.fixed === 1),
        no: sumCounts(corrected, (r) => r.fixed === 0),
      },
      folders: folders.filter((f) => f.count > 0),
    }
  }

  async progress(): Promise<Progress> {
    const rows = await this.db.all<{
      state: ItemState
      suggestion: Suggestion | null
      n: number
      others: number
    }>(
      `SELECT state, suggestion, COUNT(*) AS n,
         SUM(CASE WHEN lease_owner IS ? THEN 0 ELSE 1 END) AS others
       FROM items GROUP BY state, suggestion`,
      [this.lease?.owner ?? null],
    )
    const progress: Progress = { ...EMPTY_PROGRESS }
    for (const row of rows) {
      progress.total += row.n
      if (row.state === 'queued') progress.queued += row.n
      else if (RUNNING_STATES.includes(row.state)) {
        progress.running += row.n
        // Running but not ours: another Greenlight holds them (or held them, until it expires).
        if (this.lease !== null && row.others > 0) {
          progress.elsewhere = (progress.elsewhere ?? 0) + row.others
        }
      } else if (row.state === 'done') progress.done += row.n
      else if (row.state === 'failed') progress.failed += row.n
      else progress.cancelled += row.n
      if (row.state === 'done' && row.suggestion === 'block') progress.blocked += row.n
      if (row.state === 'done' && row.suggestion === 'review') progress.review += row.n
    }
    return progress
  }

  /**
   * Of these items, the ids that are their source's newest item (up to maxId): the `current`
   * column of an export with history.
   */
  async currentIds(items: readonly Item[], maxId?: number): Promise<Set<number>> {
    const current = new Set<number>()
    for (const part of chunk(items, 500)) {
      const rows = await this.db.all<{ id: number }>(
        `SELECT id FROM items WHERE id IN (${part.map(() => '?').join(', ')})
         AND ${noNewerSql(maxId !== undefined)}`,
        [...part.map((i) => i.id), ...(maxId !== undefined ? [maxId] : [])],
      )
      for (const row of rows) current.add(row.id)
    }
    return current
  }

  /** The highest item id so far (0 when empty): pins the set an export's passes read. */
  async maxId(): Promise<number> {
    const row = await this.db.get<{ n: number | null }>('SELECT MAX(id) AS n FROM items')
    return row?.n ?? 0
  }

  /**
   * Every matching item, oldest first, read a page at a time by id (keyset paging, so each page
   * is an index seek and an item inserted meanwhile is neither skipped nor read twice). For
   * exports of any size: only one page is in memory.
   */
  async *iterate(
    query: ItemQuery = {},
    pageSize = 500,
    onSkipped?: (id: number) => void,
  ): AsyncGenerator<Item> {
    const { since, maxId, currentOnly, sourcesOf, scannedFor, ...filter } = query
    const where = whereClause(filter)
    const parts = where.sql === '' ? [] : [where.sql.replace(/^WHERE /, '')]
    const params: SqlParam[] = [...where.params]
    if (since !== undefined) {
      parts.push('COALESCE(scanned_at, updated_at) >= ?')
      params.push(since)
    }
    if (scannedFor !== undefined) {
      parts.push('EXISTS (SELECT 1 FROM json_each(items.scenes) WHERE json_each.value = ?)')
      params.push(scannedFor)
    }
    if (maxId !== undefined) {
      parts.push('id <= ?')
      params.push(maxId)
    }
    if (currentOnly === true) {
      parts.push(noNewerSql(maxId !== undefined))
      if (maxId !== undefined) params.push(maxId)
    }
    if (sourcesOf !== undefined) {
      parts.push(
        `source IN (SELECT source FROM items AS chosen WHERE chosen.id IN (${sourcesOf.map(() => '?').join(', ') || 'NULL'}))`,
      )
      params.push(...sourcesOf)
    }
    let after = 0
    for (;;) {
      const rows = await this.db.all<ItemRow>(
        `SELECT * FROM items WHERE ${[...parts, 'id > ?'].join(' AND ')} ORDER BY id LIMIT ?`,
        [...params, after, pageSize],
      )
      for (const row of rows) {
        const item = this.fromRow(row)
        if (item !== undefined) yield item
        else onSkipped?.(row.id)
      }
      const last = rows.at(-1)
      if (last === undefined || rows.length < pageSize) return
      after = last.id
    }
  }
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size))
  return out
}

/** Corrected images through their partial index, and the rest, as CountRows. */
async function correctedCounts(
  db: Database,
  where: { sql: string; params: SqlParam[] },
): Promise<CountRow[]> {
  const row = await db.get<{ yes: number; of: number }>(
    `SELECT (SELECT COUNT(*) FROM items ${andWhere(where, 'feedback IS NOT NULL')}) AS yes,
       (SELECT COUNT(*) FROM items ${where.sql}) AS of`,
    [...where.params, ...where.params],
  )
  const yes = row?.yes ?? 0
  return [
    { fixed: 1, count: yes },
    { fixed: 0, count: (row?.of ?? 0) - yes },
  ]
}

/** Items grouped by `columns` (see CountRow), under `where`. */
function countsBy(
  db: Database,
  where: { sql: string; params: SqlParam[] },
  columns: string,
): Promise<CountRow[]> {
  return db.all<CountRow>(
    `SELECT ${columns}, COUNT(*) AS count FROM items ${where.sql} GROUP BY ${columns.replace(/ AS \w+/g, '')}`,
    where.params,
  )
}

/** Items per tag value of one kind, most first; with `limit`, the top ones plus `keep`. */
async function tagCounts(
  db: Database,
  kind: 'scene' | 'label',
  filter: ItemFilter,
  limit = -1,
  keep?: string,
): Promise<{ value: string; count: number }[]> {
  const where = whereClause(filter)
  const join = where.sql === '' ? '' : `JOIN items ON items.id = t.item_id ${where.sql}`
  const rows = await db.all<{ value: string; count: number }>(
    `SELECT t.value AS value, COUNT(*) AS count FROM item_tags AS t ${join}
     ${where.sql === '' ? 'WHERE' : 'AND'} t.kind = ?
     GROUP BY t.value ORDER BY t.value = ? DESC, count DESC, t.value LIMIT ?`,
    [...where.params, kind, keep ?? null, limit],
  )
  return rows.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
}
