import type {
  EngineId,
  Item,
  ItemFeedback,
  ItemFilter,
  ItemNote,
  ItemState,
  Progress,
  Scene,
  ScanMode,
  SceneResult,
  SourceKind,
  Suggestion,
} from '../../../src-shared/domain'
import { EMPTY_PROGRESS } from '../../../src-shared/domain'
import type { AppError } from '../../../src-shared/result'
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

export interface NewItem {
  sourceKind: SourceKind
  source: string
  engine: EngineId
  scenes: readonly Scene[]
  bizType?: string | null
  /** Default sync. */
  mode?: ScanMode
}

/** Fields a pipeline step may change; everything else about an item is fixed at enqueue time. */
export interface ItemPatch {
  state?: ItemState
  sha256?: string | null
  suggestion?: Suggestion | null
  results?: readonly SceneResult[]
  unsupportedScenes?: readonly Scene[]
  error?: AppError | null
  note?: ItemNote | null
  dataId?: string | null
  taskId?: string | null
  sentUrl?: string | null
  submittedAt?: number | null
  feedback?: ItemFeedback | null
  scannedAt?: number | null
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

function whereClause(filter: ItemFilter): { sql: string; params: SqlParam[] } {
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

/** An export's selection: the list filter, plus a time floor and an upper id bound. */
export interface ItemQuery extends ItemFilter {
  /** Epoch ms: items scanned at or after this (items never scanned: last changed at or after). */
  since?: number
  /** Only items with an id up to this, so several passes over a live store see the same set. */
  maxId?: number
  /**
   * Only each source's newest item (up to maxId): a rerun, a retry or an edit of a file
   * supersedes its older items. The other conditions apply to that newest item only, so a
   * superseded `block` never shows when the file's current verdict is `pass`.
   */
  currentOnly?: boolean
  /** Only the sources of these items (an export of the selection), each with its history. */
  sourcesOf?: readonly number[]
}

/** SQL: no item of the same source is newer (up to `maxId` when given: `?` bound after). */
function noNewerSql(bounded: boolean): string {
  return `NOT EXISTS (SELECT 1 FROM items AS newer WHERE newer.source = items.source
    AND newer.id > items.id${bounded ? ' AND newer.id <= ?' : ''})`
}

export const RUNNING_STATES: readonly ItemState[] = [
  'hashing',
  'cached',
  'uploading',
  'scanning',
  'submitted',
  'polling',
]

/**
 * Items in SQLite. One row that cannot be read (a column hand-edited to invalid JSON, say) is
 * skipped, its id logged once and counted, and never stops a list, an export or a scan.
 */
export class ItemsRepo {
  private readonly unreadableRows = new Map<number, string>()

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly onUnreadable: UnreadableRowListener = () => undefined,
  ) {}

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
          `INSERT INTO items (source_kind, source, engine, scenes, biz_type, mode, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
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
    const { changes } = await this.db.write(() =>
      this.db.run(
        `UPDATE items SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
        [...params, id, ...from],
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
      const stateSql = `state IN (${from.map(() => '?').join(', ')})`
      const chunks = ids === undefined ? [undefined] : chunk(ids, 500)
      for (const part of chunks) {
        const idSql = part === undefined ? '' : ` AND id IN (${part.map(() => '?').join(', ')})`
        const rows = await this.db.all<{ id: number }>(
          `SELECT id FROM items WHERE ${stateSql}${idSql}`,
          [...from, ...(part ?? [])],
        )
        if (rows.length === 0) continue
        await this.db.run(`UPDATE items SET ${sets.join(', ')} WHERE ${stateSql}${idSql}`, [
          ...params,
          ...from,
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
   */
  async awaitingTasks(): Promise<{ taskId: string; engine: EngineId; submittedAt: number }[]> {
    const rows = await this.db.all<{
      task_id: string
      engine: EngineId
      submitted_at: number | null
    }>(
      `SELECT task_id, engine, MIN(submitted_at) AS submitted_at FROM items
       WHERE state IN ('submitted', 'polling') AND task_id IS NOT NULL
       GROUP BY task_id, engine`,
    )
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

  private encodePatch(patch: ItemPatch): { sets: string[]; params: SqlParam[] } {
    const sets: string[] = ['updated_at = ?']
    const params: SqlParam[] = [this.now()]
    for (const key of Object.keys(patch) as (keyof ItemPatch)[]) {
      const [column, encode] = PATCH_COLUMNS[key] as [string, (v: unknown) => SqlParam]
      sets.push(`${column} = ?`)
      params.push(encode(patch[key]))
    }
    return { sets, params }
  }

  /** Newest first, so a reviewer sees what just arrived. */
  async list(
    offset: number,
    limit: number,
    filter: ItemFilter,
  ): Promise<{ items: Item[]; total: number; skipped: number }> {
    const where = whereClause(filter)
    const rows = await this.db.all<ItemRow>(
      `SELECT * FROM items ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
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
    const rows = await this.db.all<{ state: ItemState; suggestion: Suggestion | null; n: number }>(
      'SELECT state, suggestion, COUNT(*) AS n FROM items GROUP BY state, suggestion',
    )
    const progress: Progress = { ...EMPTY_PROGRESS }
    for (const row of rows) {
      progress.total += row.n
      if (row.state === 'queued') progress.queued += row.n
      else if (RUNNING_STATES.includes(row.state)) progress.running += row.n
      else if (row.state === 'done') progress.done += row.n
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
