import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { Item, Scene } from '../../../src-shared/domain'
import { err, ok, type Result } from '../../../src-shared/result'
import { writeFileAtomically } from './atomic-write'
import { exportError, tagSourceErrors } from './export-errors'
import {
  currentCell,
  LONG_HEADER,
  longRows,
  ScenesPresent,
  wideHeader,
  wideRow,
  withCurrent,
  type Cell,
} from './export-rows'
import { checkExportTarget } from './export-target'

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
  /** Adds a `current` column (an export with history: see ExportItem). */
  readonly history?: boolean
  /** The data folder whose own files the export must never replace (export-target.ts). */
  readonly dataDir?: string
  /** Told after each item written, for progress. */
  readonly onItem?: (items: number) => void
}

export interface ExportSummary {
  readonly file: string
  readonly items: number
  /** Data rows written (header excluded); in the long layout, one per image and scene. */
  readonly rows: number
}

/**
 * An item to export; `current` (in an export with history) says whether it is its source's
 * newest item, or was superseded by a rerun, a retry or an edit.
 */
export type ExportItem = Item & { readonly current?: boolean }

/** A source that can be read more than once (a store query, an array in tests). */
export type ItemSource = () => AsyncIterable<ExportItem>

/** Runs `write` on the file only if an export may write there (never over Greenlight's own files). */
export async function whereAllowed(
  file: string,
  dataDir: string | undefined,
  write: (file: string) => Promise<Result<ExportSummary>>,
): Promise<Result<ExportSummary>> {
  if (dataDir === undefined) return write(file)
  const target = await checkExportTarget(file, dataDir)
  return target.ok ? write(target.value) : target
}

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
  return whereAllowed(file, options.dataDir, (target) => writeCsv(source, target, options))
}

async function writeCsv(
  source: ItemSource,
  file: string,
  options: CsvExportOptions,
): Promise<Result<ExportSummary>> {
  const layout = options.layout ?? 'wide'
  const { signal, history = false } = options
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
    const header = withCurrent(
      layout === 'wide' ? wideHeader(columns) : LONG_HEADER,
      history,
      'current',
    )

    async function* records(): AsyncGenerator<Cell[]> {
      for await (const item of tagSourceErrors(source())) {
        items++
        const cells = layout === 'wide' ? [wideRow(item, columns)] : longRows(item)
        for (const row of cells) {
          rows++
          yield withCurrent(row, history, currentCell(item))
        }
        options.onItem?.(items)
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
