import { appError, err, ok, type Result } from '../../../src-shared/result'
import type { ItemQuery, ItemsRepo } from '../store/items-repo'
import { exportCsv, type CsvLayout, type ExportSummary } from './csv-export'
import { exportJson } from './json-export'

export interface ExportRequest {
  readonly format: 'csv' | 'json'
  /** Absolute path of the file to write (replaced atomically). */
  readonly file: string
  /** CSV only. */
  readonly layout?: CsvLayout
  readonly query?: Omit<ItemQuery, 'maxId'>
  readonly signal?: AbortSignal
}

/**
 * Exports stored items. The set is pinned to the items that exist when the export starts, so the
 * CSV's scene columns (found in a first pass) fit every row even while a scan adds items.
 */
export async function exportFromStore(
  items: ItemsRepo,
  request: ExportRequest,
): Promise<Result<ExportSummary & { readonly unreadable: readonly number[] }>> {
  let maxId: number
  try {
    maxId = await items.maxId()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return err(appError('DB', `Could not read the results to export: ${reason}. Try again.`))
  }
  const query: ItemQuery = { ...request.query, maxId }
  // A row that cannot be read is left out and counted, once however many passes read it.
  const unreadable = new Set<number>()
  const source = () => items.iterate(query, undefined, (id) => unreadable.add(id))
  const written =
    request.format === 'json'
      ? await exportJson(source, request.file, { signal: request.signal })
      : await exportCsv(source, request.file, { layout: request.layout, signal: request.signal })
  return written.ok ? ok({ ...written.value, unreadable: [...unreadable] }) : written
}
