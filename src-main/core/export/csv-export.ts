import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { Item, Scene } from '../../../src-shared/domain'
import { err, ok, type Result } from '../../../src-shared/result'
import { writeFileAtomically } from './atomic-write'
import { exportError, tagSourceErrors } from './export-errors'
import { LONG_HEADER, longRows, ScenesPresent, wideHeader, wideRow, type Cell } from './export-rows'

export type CsvLayout = 'wide' | 'long'

export interface CsvExportOptions {
  /** `wide` (default): one row per image; `long`: one row per image and scene. */
  readonly layout?: CsvLayout
  /**
   * Scene columns for the wide layout, in canonical order. When absent, the items are read once
   * more up front to find the scenes present (only the scene names are kept).
   */
  readonly scenes?: readonly Scene[]
  readonly signal?: AbortSignal
}

export interface ExportSummary {
  readonly file: string
  readonly items: number
  /** Data rows written (header excluded); in the long layout, one per image and scene. */
  readonly rows: number
}

/** A source that can be read more than once (a store query, an array in tests). */
export type ItemSource = () => AsyncIterable<Item>

/**
 * RFC 4180 (CRLF, quoted where needed, embedded line breaks quoted too), UTF-8 with a BOM so Excel
 * shows Chinese paths. Text cells starting with = + - @, a tab or a CR (and their full-width forms)
 * get a leading single quote so a spreadsheet shows them instead of running them; numbers we emit
 * (rates) are written as numbers.
 */
export function csvStringifier(header: readonly string[]) {
  return stringify({
    bom: true,
    header: true,
    columns: header.map((name) => ({ key: name, header: name })),
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
  })
}

/**
 * Streams the items to `file` as CSV: rows are produced one item at a time and written with
 * back-pressure, through a temp file renamed into place at the end.
 */
export async function exportCsv(
  source: ItemSource,
  file: string,
  options: CsvExportOptions = {},
): Promise<Result<ExportSummary>> {
  const layout = options.layout ?? 'wide'
  const { signal } = options
  let items = 0
  let rows = 0
  try {
    let scenes = options.scenes
    if (layout === 'wide' && scenes === undefined) {
      const present = new ScenesPresent()
      for await (const item of tagSourceErrors(source())) {
        if (signal?.aborted === true) break
        present.add(item)
      }
      scenes = present.list()
    }
    const columns = scenes ?? []
    const header = layout === 'wide' ? wideHeader(columns) : LONG_HEADER

    async function* records(): AsyncGenerator<Cell[]> {
      for await (const item of tagSourceErrors(source())) {
        items++
        if (layout === 'wide') {
          rows++
          yield wideRow(item, columns)
        } else {
          for (const row of longRows(item)) {
            rows++
            yield row
          }
        }
      }
    }

    await writeFileAtomically(file, (out) =>
      pipeline(Readable.from(records()), csvStringifier(header), out, { signal }),
    )
    return ok({ file, items, rows })
  } catch (error) {
    return err(exportError(error, file, signal))
  }
}
