import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { noteText, type Item } from '../../../src-shared/domain'
import { err, ok, type Result } from '../../../src-shared/result'
import { writeFileAtomically } from './atomic-write'
import {
  whereAllowed,
  type CsvExportOptions,
  type ExportItem,
  type ExportSummary,
  type ItemSource,
} from './csv-export'
import { exportError, tagSourceErrors } from './export-errors'
import { isoTime } from './export-rows'

/**
 * An item as exported: every field, with its times as ISO 8601 UTC instead of epoch ms and its
 * note as the English sentence (a file read by people and scripts, not by a host); with
 * history, `current` says whether it is its source's newest item.
 */
export type ExportedItem = Omit<Item, 'createdAt' | 'updatedAt' | 'scannedAt' | 'note'> & {
  note: string | null
  createdAt: string
  updatedAt: string
  scannedAt: string | null
  current?: boolean
}

export function toExportedItem(item: ExportItem): ExportedItem {
  return {
    ...item,
    note: item.note === null ? null : noteText(item.note),
    createdAt: isoTime(item.createdAt),
    updatedAt: isoTime(item.updatedAt),
    scannedAt: item.scannedAt === null ? null : isoTime(item.scannedAt),
  }
}

/**
 * Streams the items to `file` as one JSON array, one item per line (easy to diff and grep),
 * UTF-8 without a BOM (RFC 8259), through a temp file renamed into place at the end.
 */
export async function exportJson(
  source: ItemSource,
  file: string,
  options: Pick<CsvExportOptions, 'signal' | 'dataDir' | 'onItem'> = {},
): Promise<Result<ExportSummary>> {
  return whereAllowed(file, options.dataDir, (target) => writeJson(source, target, options))
}

async function writeJson(
  source: ItemSource,
  file: string,
  options: Pick<CsvExportOptions, 'signal' | 'onItem'>,
): Promise<Result<ExportSummary>> {
  let items = 0
  async function* chunks(): AsyncGenerator<string> {
    yield '['
    for await (const item of tagSourceErrors(source())) {
      yield `${items === 0 ? '\n' : ',\n'}${JSON.stringify(toExportedItem(item))}`
      items++
      options.onItem?.(items)
    }
    yield items === 0 ? ']\n' : '\n]\n'
  }
  try {
    await writeFileAtomically(file, (out) =>
      pipeline(Readable.from(chunks()), out, { signal: options.signal }),
    )
    return ok({ file, items, rows: items })
  } catch (error) {
    return err(exportError(error, file, options.signal))
  }
}
