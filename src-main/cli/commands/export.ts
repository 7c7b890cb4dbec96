import { resolve } from 'node:path'
import type { Command } from 'commander'
import { parseScenes, SCENES, suggestionSchema, type Suggestion } from '../../../src-shared/domain'
import { exportFromStore, type ExportRequest } from '../../core/export/export-from-store'
import { parseSince } from '../../core/export/parse-since'
import type { CliContext } from '../cli-context'
import { EXIT_ITEMS_FAILED, EXIT_USAGE } from '../exit-codes'
import { reportUnreadable } from '../report-unreadable'
import { UsageError } from '../usage-error'
import { writeLine } from '../terminal-text'
import { cliErrorText } from '../error-advice'

interface ExportFlags {
  csv?: string
  json?: string
  suggestion?: string
  scene?: string
  since?: string
  long?: boolean
  history?: boolean
}

const usage = (message: string) => new UsageError(`greenlight export: ${message}`)

/** Checks the flags and turns them into a core export request; every mistake is a usage error. */
export function parseExportFlags(flags: ExportFlags, cwd: string): Omit<ExportRequest, 'dataDir'> {
  if ((flags.csv === undefined) === (flags.json === undefined)) {
    throw usage('give exactly one of --csv FILE or --json FILE.')
  }
  if (flags.long === true && flags.csv === undefined) {
    throw usage('--long applies to CSV only; use it with --csv FILE.')
  }
  const query: NonNullable<ExportRequest['query']> = {}
  if (flags.suggestion !== undefined) {
    const suggestions: Suggestion[] = []
    for (const raw of flags.suggestion.split(',')) {
      const parsed = suggestionSchema.safeParse(raw.trim())
      if (!parsed.success) {
        throw usage(
          `--suggestion takes a comma-separated list of pass,review,block (got "${raw.trim()}").`,
        )
      }
      if (!suggestions.includes(parsed.data)) suggestions.push(parsed.data)
    }
    query.suggestions = suggestions
  }
  if (flags.scene !== undefined) {
    const { scenes, unknown } = parseScenes(flags.scene)
    const [scene] = scenes
    if (unknown.length > 0 || scene === undefined || scenes.length > 1) {
      throw usage(`--scene takes one of ${SCENES.join(', ')} (got "${flags.scene}").`)
    }
    query.scannedFor = scene
  }
  if (flags.since !== undefined) {
    const since = parseSince(flags.since)
    if (since === null) {
      throw usage(
        `--since takes an ISO 8601 date such as 2026-11-01 or 2026-11-01T08:30:00Z (got "${flags.since}").`,
      )
    }
    query.since = since
  }
  const csv = flags.csv
  const base = { query, history: flags.history === true }
  return csv !== undefined
    ? {
        ...base,
        format: 'csv',
        file: resolve(cwd, csv),
        layout: flags.long === true ? 'long' : 'wide',
      }
    : { ...base, format: 'json', file: resolve(cwd, flags.json ?? '') }
}

export function registerExportCommand(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('Export stored results to CSV or JSON')
    .option('--csv <file>', 'write CSV (RFC 4180, UTF-8 with BOM)')
    .option('--json <file>', 'write JSON (an array of full result objects)')
    .option(
      '--suggestion <list>',
      'only items whose overall suggestion is in the list, e.g. block,review',
    )
    .option('--scene <scene>', `only items scanned for this scene (${SCENES.join(', ')})`)
    .option(
      '--since <date>',
      'only items scanned (or, if never scanned, changed) since this ISO 8601 date, UTC',
    )
    .option('--long', 'CSV with one row per image and scene instead of one per image')
    .option(
      '--history',
      "every item, with a current column; by default only each file's (or URL's) latest item",
    )
    .action(async (flags: ExportFlags) => {
      const request = parseExportFlags(flags, process.cwd())
      const core = await ctx.openCore()
      try {
        const result = await exportFromStore(core.store.items, {
          ...request,
          dataDir: core.dataDir,
        })
        if (!result.ok) {
          writeLine(ctx.stderr, `greenlight export: ${cliErrorText(result.error)}`)
          // A target that is one of Greenlight's own files is a mistake in the arguments.
          const protectedTarget = result.error.code === 'EXPORT_TARGET_PROTECTED'
          ctx.setExitCode(protectedTarget ? EXIT_USAGE : EXIT_ITEMS_FAILED)
          return
        }
        const { items, rows, file } = result.value
        const detail = request.layout === 'long' ? ` (${rows} rows)` : ''
        writeLine(ctx.stderr, `Exported ${items} item(s)${detail} to ${file}.`)
        reportUnreadable(ctx, result.value.unreadable)
      } finally {
        await core.close()
      }
    })
}
