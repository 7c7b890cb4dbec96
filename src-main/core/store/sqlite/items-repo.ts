import type {
  EngineId,
  Item,
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
import { EMPTY_PROGRESS } from '../../../../src-shared/domain'
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

export function whereClause(filter: ItemFilter): { sql: string; params: SqlParam[] } {
  const parts: string[] = []
  const params: SqlParam[] = []
  if (filter.states && filter.states.length > 0) {
    parts.push(`state IN (${filter.states.map(() => '?').join(', ')})`)
    params.push(...filter.states)
  }
  if (filter.suggestions && filter.suggestions.length > 0) {
    parts.push(`suggestion IN (${filter.suggestions.map(() => '?').join(', ')})`)
    params.push(...filter.suggestions)
  }
  if (filter.engine) {
    parts.push('engine = ?')
    params.push(filter.engine)
  }
  if (filter.scene) {
    parts.push('EXISTS (SELECT 1 FROM json_each(items.scenes) WHERE json_each.value = ?)')
    params.push(filter.scene)
  }
  if (filter.search) {
    // LIKE with an escape so a user's `%` or `_` is matched literally.
    parts.push("source LIKE ? ESCAPE '\\'")
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/** Each sort as SQL; every one ends on id so pages never overlap or skip. */
const ORDER_BY: Readonly<Record<ItemSort, string>> = {
  newest: 'created_at DESC, id DESC',
  oldest: 'created_at ASC, id ASC',
  name: 'source COLLATE NOCASE ASC, id ASC',
  // The highest rate among scenes held for review or blocked; clean and unjudged images last.
  risk: `(SELECT MAX(json_extract(r.value, '$.rate')) FROM json_each(items.results) AS r
     WHERE json_extract(r.value, '$.suggestion') <> 'pass') DESC NULLS LAST, id DESC`,
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
    const rows = await this.db.all<ItemRow>(
      `SELECT * FROM items ${where.sql} ORDER BY ${ORDER_BY[sort]} LIMIT ? OFFSET ?`,
      [...where.params, limit, offset],
    )
    const count = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM items ${where.sql}`,
      where.params,
    )
    const items = this.fromRows(rows)
    return { items, total: count?.n ?? 0, skipped: rows.length - items.length }
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
    const { since, maxId, currentOnly, sourcesOf, ...filter } = query
    const where = whereClause(filter)
    const parts = where.sql === '' ? [] : [where.sql.replace(/^WHERE /, '')]
    const params: SqlParam[] = [...where.params]
    if (since !== undefined) {
      parts.push('COALESCE(scanned_at, updated_at) >= ?')
      params.push(since)
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
