import { resolve } from 'node:path'
import { Readable } from 'node:stream'
import type { Command } from 'commander'
import {
  DEFAULT_SETTINGS,
  engineChoiceSchema,
  parseScenes,
  REGIONS,
  SCAN_MODES,
  scanModeSchema,
  SCENES,
  type ScanMode,
  type EngineId,
  type Item,
  type Scene,
} from '../../../src-shared/domain'
import type { AppCore } from '../../core/app-core'
import type { Enqueued } from '../../core/scan/enqueue-inputs'
import type { PreparedRun } from '../../core/scan-run'
import { saveStdinBytes } from '../../core/inputs/stdin-bytes'
import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import type { ScanLimits } from '../../core/scan/scan-service'
import { exportCsv } from '../../core/export/csv-export'
import { exportJson } from '../../core/export/json-export'
import type { CliContext } from '../cli-context'
import { EXIT_ITEMS_FAILED } from '../exit-codes'
import { reportUnreadable } from '../report-unreadable'
import { UsageError } from '../usage-error'
import { ScanProgress } from './scan-progress'
import { writeLine } from '../terminal-text'
import { cliErrorText } from '../error-advice'

interface ScanFlags {
  engine?: string
  scenes?: string
  region?: string
  endpoint?: string
  json?: string
  csv?: string
  concurrency?: string
  qps?: string
  batch?: string
  mode?: string
  bizType?: string
  dryRun?: boolean
  followSymlinks?: boolean
}

/**
 * One line per finished image: state, suggestion (after feedback), path, then each scene's label
 * and rate, and any reviewer correction.
 */
export function formatItemLine(item: Item): string {
  if (item.state !== 'done') {
    return `${item.state.padEnd(9)} ${(item.error?.code ?? '-').padEnd(7)} ${item.source}  ${item.error ? cliErrorText(item.error) : ''}`
  }
  const scenes = item.results.map((r) => {
    const qr = r.extras?.qrcodeData?.length ? ` ${JSON.stringify(r.extras.qrcodeData)}` : ''
    return `${r.scene}:${r.label}(${r.rate})${qr}`
  })
  if (item.unsupportedScenes.length > 0)
    scenes.push(`unsupported:${item.unsupportedScenes.join(',')}`)
  // The suggestion column is the one after feedback: say why it differs from the scenes.
  if (item.feedback !== null) {
    scenes.push(
      `corrected:${item.feedback.corrections.map((c) => `${c.scene}=${c.suggestion}`).join(',')}`,
    )
  }
  return `${item.state.padEnd(9)} ${(item.suggestion ?? '-').padEnd(7)} ${item.source}  ${scenes.join(' ')}`
}

/** A numeric option within [min, max] (integers only when `integer`), or a usage error. */
function parseNumber(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
  integer: boolean,
): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n))
  ) {
    throw new UsageError(
      `greenlight scan: ${flag} must be ${integer ? 'a whole number' : 'a number'} from ${String(min)} to ${String(max)} (got "${value}").`,
    )
  }
  return n
}

function parseLimits(flags: ScanFlags): Partial<ScanLimits> {
  const concurrency = parseNumber('--concurrency', flags.concurrency, 1, 64, true)
  const scanQps = parseNumber('--qps', flags.qps, 0.1, 10_000, false)
  const batchSize = parseNumber('--batch', flags.batch, 1, 100, true)
  return {
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(scanQps !== undefined ? { scanQps } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
  }
}

function parseFlags(flags: ScanFlags): {
  engine: 'auto' | 'local' | 'green'
  scenes: Scene[] | null
  mode: ScanMode | null
  bizType: string | null
} {
  const engine = engineChoiceSchema.safeParse(flags.engine ?? 'auto')
  if (!engine.success) {
    throw new UsageError(
      `greenlight scan: --engine must be local or green (got "${flags.engine ?? ''}").`,
    )
  }
  if (flags.region !== undefined && !(REGIONS as readonly string[]).includes(flags.region)) {
    throw new UsageError(
      `greenlight scan: unknown region "${flags.region}"; use one of ${REGIONS.join(', ')}, or --endpoint.`,
    )
  }
  const mode = flags.mode === undefined ? null : scanModeSchema.safeParse(flags.mode)
  if (mode !== null && !mode.success) {
    throw new UsageError(
      `greenlight scan: --mode must be ${SCAN_MODES.join(' or ')} (got "${flags.mode ?? ''}").`,
    )
  }
  // Green's bizType names a business scenario set up in the console (docs/green-api.md §3.1).
  const bizType = flags.bizType ?? null
  if (bizType !== null && !/^\S{1,128}$/u.test(bizType)) {
    throw new UsageError(
      `greenlight scan: --biz-type must be the console's business scenario name, 1-128 characters without spaces (got "${bizType}").`,
    )
  }
  const base = { engine: engine.data, mode: mode?.data ?? null, bizType }
  if (flags.scenes === undefined) return { ...base, scenes: null }
  const { scenes, unknown } = parseScenes(flags.scenes)
  if (unknown.length > 0 || scenes.length === 0) {
    throw new UsageError(
      `greenlight scan: unknown scene ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; use a comma-separated list of ${SCENES.join(',')}.`,
    )
  }
  return { ...base, scenes }
}

const ENGINE_NAMES: Record<EngineId, string> = {
  local: 'the local engine (offline)',
  green: 'Alibaba Green',
}

async function writeOutputs(
  ctx: CliContext,
  items: readonly Item[],
  flags: ScanFlags,
  dataDir: string,
) {
  const source = (): AsyncIterable<Item> => Readable.from(items)
  for (const [flag, write] of [
    [flags.json, (file: string) => exportJson(source, file, { dataDir })],
    [flags.csv, (file: string) => exportCsv(source, file, { dataDir })],
  ] as const) {
    if (flag === undefined) continue
    const written = await write(resolve(flag))
    if (written.ok) writeLine(ctx.stderr, `Results written to ${written.value.file}.`)
    else {
      writeLine(ctx.stderr, `greenlight: ${cliErrorText(written.error)}`)
      ctx.setExitCode(EXIT_ITEMS_FAILED)
    }
  }
}

async function scan(ctx: CliContext, inputs: string[], flags: ScanFlags): Promise<void> {
  const parsed = parseFlags(flags)
  const limits = parseLimits(flags)
  // `-` is image bytes piped on stdin: saved under the data dir first (so it is durable), then
  // scanned like any file; the other inputs never see it.
  const dashes = inputs.filter((input) => input === '-').length
  if (dashes > 1) {
    throw new UsageError('greenlight scan: - (image bytes on stdin) can be given only once.')
  }
  const readsStdin = dashes === 1
  if (readsStdin && flags.dryRun === true) {
    throw new UsageError(
      'greenlight scan: --dry-run cannot price - (bytes on stdin): save the image to a file first.',
    )
  }
  if (readsStdin && (ctx.stdin as { isTTY?: boolean }).isTTY === true) {
    throw new UsageError(
      'greenlight scan: - reads image bytes from stdin, but stdin is a terminal. Pipe an image in, e.g. `cat photo.jpg | greenlight scan -`.',
    )
  }
  const core: AppCore = await ctx.openCore()
  if (core.sharesDataDir) {
    ctx.stderr.write(
      'Note: another Greenlight (the app, or another command) has this data folder open; both work the same queue.\n',
    )
  }
  let interrupts = 0
  const onSigint = () => {
    interrupts++
    if (interrupts === 1) {
      ctx.stderr.write(
        '\nStopping: images already being judged (or submitted, in async mode) finish, the rest are marked cancelled. Press Ctrl-C again to abort them too.\n',
      )
      void core.scan.cancel({ drain: true })
    } else {
      ctx.stderr.write('\nAborting the images in flight.\n')
      core.scan.abortInFlight()
    }
  }
  const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true
  let progress: ScanProgress | null = null
  try {
    const piped = readsStdin ? await saveStdinBytes(ctx.stdin, core.dataDir) : null
    if (piped?.ok === false) throw new UsageError(`greenlight scan: ${cliErrorText(piped.error)}`)
    const run = await core
      .scanRun({
        inputs: inputs.filter((input) => input !== '-'),
        // The piped image, stored under the data folder: scanned and reused like any file.
        sources: piped?.ok ? [{ sourceKind: 'bytes', source: piped.value.path }] : [],
        overrides: {
          engine: parsed.engine,
          scenes: parsed.scenes,
          mode: parsed.mode,
          bizType: parsed.bizType,
          followSymlinks: flags.followSymlinks === true,
          limits,
          ...(flags.region ? { region: flags.region } : {}),
          ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
        },
        dryRun: flags.dryRun === true,
        onPrepared: (prepared) => {
          printPrepared(ctx, prepared)
        },
        onEnqueued: (enqueued) => {
          printEnqueued(ctx, enqueued)
          progress = tty ? new ScanProgress(ctx.stderr, enqueued.queued.length) : null
          process.on('SIGINT', onSigint)
        },
        onItem: (item) => {
          progress?.clear()
          writeLine(ctx.stdout, formatItemLine(item))
          progress?.count(item.state === 'done')
          progress?.draw()
        },
        onHeldElsewhere: (held, leaseMs) => {
          progress?.clear()
          ctx.stderr.write(
            `Waiting for ${String(held)} image(s) another Greenlight is scanning (if it stopped, they come back here within ${String(Math.ceil(leaseMs / 1000))} s).\n`,
          )
        },
        stopWaiting: () => interrupts > 0,
      })
      .finally(() => {
        progress?.draw(true)
        progress?.clear()
      })
    if (!run.ok) throw new UsageError(`greenlight scan: ${cliErrorText(run.error)}`)
    if (run.value.kind === 'planned') {
      ctx.stdout.write(`${formatEstimate(run.value.plan.estimate)}\n`)
      return
    }
    const { items: all, status, summary, prepared } = run.value
    ctx.stderr.write(
      `Scanned ${String(summary.total)} image(s) with ${ENGINE_NAMES[prepared.engine]}: ${String(summary.done)} done ` +
        `(${String(summary.block)} block, ${String(summary.review)} review), ` +
        `${String(summary.failed)} failed, ${String(summary.cancelled)} cancelled` +
        (summary.unfinished > 0 ? `, ${String(summary.unfinished)} unfinished` : '') +
        (summary.elsewhere > 0
          ? `, ${String(summary.elsewhere)} still being scanned by another Greenlight`
          : '') +
        '.\n',
    )
    reportUnreadable(ctx, [...core.store.items.unreadable.keys()])
    if (summary.owed > 0) {
      ctx.stderr.write(
        `${String(summary.owed)} image(s) were submitted to Green and their verdicts are still owed: run the same command again within the hour to collect them (no new charge).\n`,
      )
    }
    if (status.error !== null) {
      writeLine(
        ctx.stderr,
        `greenlight: the scan stopped: ${cliErrorText(status.error)} ${String(summary.unfinished)} image(s) are still queued; fix this and run the same command again to finish them.`,
      )
    }
    await writeOutputs(ctx, all, flags, core.dataDir)
    if (status.error !== null || all.some((i) => i.state !== 'done')) {
      ctx.setExitCode(EXIT_ITEMS_FAILED)
    }
  } finally {
    process.removeListener('SIGINT', onSigint)
    // Closes the service and every engine it was handed (an unused one was closed by the run).
    await core.close()
  }
}

/** Which engine, and what it cannot do, before anything is stored. */
function printPrepared(ctx: CliContext, prepared: PreparedRun): void {
  const { choice, engine, mode, unsupportedScenes } = prepared
  if (mode === 'async' && engine === 'local') {
    ctx.stderr.write(
      'Note: the local engine answers at once; --mode async applies to Green only.\n',
    )
  }
  ctx.stderr.write(
    `Engine: ${ENGINE_NAMES[engine]}${choice === 'auto' ? (engine === 'green' ? ' (an AccessKey is configured)' : ' (no AccessKey configured)') : ''}.\n`,
  )
  if (unsupportedScenes.length > 0) {
    ctx.stderr.write(
      `Note: ${ENGINE_NAMES[engine]} cannot judge ${unsupportedScenes.join(', ')}; those scenes are reported as unsupported.\n`,
    )
  }
}

/** Inputs answered without a scan (reused verdicts, bad inputs), and what was skipped. */
function printEnqueued(ctx: CliContext, enqueued: Enqueued): void {
  const { queued, failed, reused, linksOutside } = enqueued
  for (const item of [...reused, ...failed]) writeLine(ctx.stdout, formatItemLine(item))
  // Reused failures are those no rescan can fix (an empty file, not an image): said apart, so
  // "verdicts are reused" never counts an image that has no verdict.
  const judged = reused.filter((item) => item.state === 'done').length
  const unfixable = reused.length - judged
  if (judged > 0) {
    ctx.stderr.write(
      `${String(judged)} image(s) were already scanned with these settings and have not changed: their verdicts are reused.\n`,
    )
  }
  if (unfixable > 0) {
    ctx.stderr.write(
      `${String(unfixable)} input(s) failed before for a reason a rescan cannot fix (see above); fix or replace the file, then scan again.\n`,
    )
  }
  if (linksOutside > 0) {
    ctx.stderr.write(
      `${String(linksOutside)} ${linksOutside === 1 ? 'link leading outside the folder was' : 'links leading outside the folder were'} skipped (--follow-symlinks follows them).\n`,
    )
  }
  if (queued.length === 0 && failed.length === 0 && reused.length === 0) {
    ctx.stderr.write('No images found (looked for .jpg .jpeg .png .bmp .gif .webp).\n')
  }
}

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** "3 images × 2 scenes = 6 billable units on Alibaba Green (1 already judged, free)." */
export function formatEstimate(estimate: CostEstimate): string {
  const asides = [
    ...(estimate.free > 0 ? [`${count(estimate.free, 'image')} already judged, free`] : []),
    ...(estimate.unscannable > 0
      ? [`${count(estimate.unscannable, 'input')} cannot be scanned, not billed`]
      : []),
  ]
  const aside = asides.length > 0 ? ` (${asides.join('; ')})` : ''
  if (estimate.engine === 'local') {
    return `Dry run: the local engine is free; ${count(estimate.free, 'image')} would be scanned offline${aside}. Nothing was scanned.`
  }
  const frames = estimate.frames !== estimate.images ? ` (${count(estimate.frames, 'frame')})` : ''
  return `Dry run: ${count(estimate.images, 'image')}${frames} × ${count(estimate.scenes, 'scene')} = ${count(estimate.units, 'billable unit')} on Alibaba Green${aside}. Nothing was scanned.`
}

export function registerScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('Scan images (files, folders, URLs, @list.txt, - for stdin) and store verdicts')
    .argument(
      '<inputs...>',
      'files, folders, http(s) URLs, @list.txt, or - to read one image piped on stdin (kept under the data folder, in stdin/)',
    )
    .option(
      '--engine <engine>',
      'local or green (default: green when credentials exist, else local)',
    )
    .option('--scenes <scenes>', 'comma-separated: porn,terrorism,ad,qrcode,live,logo')
    .option(
      '--biz-type <name>',
      'Green business type: a moderation policy set up in the console (default: the setting)',
    )
    .option('--region <region>', `Green region: ${REGIONS.join(', ')}`)
    .option(
      '--endpoint <url>',
      'custom Green endpoint (https, or http on loopback), e.g. the emulator',
    )
    .option('--json <file>', 'write results as JSON')
    .option('--csv <file>', 'write results as CSV (UTF-8 with BOM)')
    .option(
      '--concurrency <n>',
      `engine requests in flight, 1-64 (default: the setting, ${String(DEFAULT_SETTINGS.concurrency)})`,
    )
    .option('--qps <n>', 'images per second sent to Green, 0.1-10000 (default: the setting, 50)')
    .option(
      '--batch <n>',
      `images per request, 1-100 (default: the setting, ${String(DEFAULT_SETTINGS.batchSize)})`,
    )
    .option(
      '--mode <mode>',
      'sync (wait for each verdict) or async (submit, then poll for results; resumes after a restart)',
    )
    .option(
      '--dry-run',
      'print what the scan would bill (images × scenes × frames, less what is already judged) and scan nothing',
    )
    .option(
      '--follow-symlinks',
      'follow links in folders even where they lead outside them (default: skipped, and counted)',
    )
    .action((inputs: string[], flags: ScanFlags) => scan(ctx, inputs, flags))
}
