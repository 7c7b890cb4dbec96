import { setImmediate as nextTurn } from 'node:timers/promises'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import type { ItemQueries, ItemQuery } from '../store/ports/item-queries'
import { exportCsv, type CsvLayout, type ExportItem, type ExportSummary } from './csv-export'
import { exportJson } from './json-export'

export interface ExportRequest {
  readonly format: 'csv' | 'json'
  /** Absolute path of the file to write (replaced atomically). */
  readonly file: string
  /** CSV only. */
  readonly layout?: CsvLayout
  readonly query?: Omit<ItemQuery, 'maxId' | 'currentOnly'>
  /**
   * Every item, each marked `current` or not. Without it, each source's newest item only: a
   * rerun, a retry or an edit supersedes the older ones.
   */
  readonly history?: boolean
  /** The data folder: its own files are never written over (export-target.ts). */
  readonly dataDir: string
  readonly signal?: AbortSignal
  /** Told after each item written, for progress. */
  readonly onItem?: (items: number) => void
}

/** Items read per query; between pages the export yields so other work (API calls) runs. */
const PAGE = 500

/**
 * Exports stored items. The set is pinned to the items that exist when the export starts, so the
 * CSV's scene columns (found in a first pass) fit every row even while a scan adds items, and
 * "current" means newest among those.
 */
export async function exportFromStore(
  items: ItemQueries,
  request: ExportRequest,
): Promise<Result<ExportSummary & { readonly unreadable: readonly number[] }>> {
  let maxId: number
  try {
    maxId = await items.maxId()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return err(appError('DB', `Could not read the results to export: ${reason}. Try again.`))
  }
  const history = request.history === true
  const query: ItemQuery = { ...request.query, maxId, currentOnly: !history }
  // A row that cannot be read is left out and counted, once however many passes read it.
  const unreadable = new Set<number>()
  const read = () => items.iterate(query, PAGE, (id) => unreadable.add(id))
  const source = history ? () => markCurrent(items, read(), maxId) : () => yieldingPages(read())
  const { signal, dataDir, onItem } = request
  const written =
    request.format === 'json'
      ? await exportJson(source, request.file, { signal, dataDir, onItem })
      : await exportCsv(source, request.file, {
          layout: request.layout,
          signal,
          dataDir,
          onItem,
          history,
        })
  return written.ok ? ok({ ...written.value, unreadable: [...unreadable] }) : written
}

/** Gives the event loop a turn after each page, so a large export never starves the app. */
async function* yieldingPages<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  let n = 0
  for await (const item of source) {
    yield item
    if (++n % PAGE === 0) await nextTurn()
  }
}

/** Adds `current` to each item, a page at a time (one indexed query per page). */
async function* markCurrent(
  repo: ItemQueries,
  source: AsyncIterable<ExportItem>,
  maxId: number,
): AsyncGenerator<ExportItem> {
  let page: ExportItem[] = []
  const flush = async function* () {
    const current = await repo.currentIds(page, maxId)
    for (const item of page) yield { ...item, current: current.has(item.id) }
    page = []
    await nextTurn()
  }
  for await (const item of source) {
    page.push(item)
    if (page.length === PAGE) yield* flush()
  }
  if (page.length > 0) yield* flush()
}
