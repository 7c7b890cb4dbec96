import { join, resolve } from 'node:path'
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
import { createEngine } from '../../core/engine/create-engine'
import { enqueueInputs } from '../../core/engine/enqueue-inputs'
import { saveStdinBytes } from '../../core/inputs/stdin-bytes'
import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import type { ScanEngine } from '../../core/engine/scan-engine'
import type { ScanLimits } from '../../core/engine/scan-service'
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
      'Note: another Greenlight (the app, or another command) is using this data folder; both work the same queue.\n',
    )
  }
  // Built here so a missing account is a usage error before anything is stored; the service
  // takes it over for the first batch and builds any later one the same way.
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
  try {
    const piped = readsStdin ? await saveStdinBytes(ctx.stdin, core.dataDir) : null
    if (piped?.ok === false) throw new UsageError(`greenlight scan: ${cliErrorText(piped.error)}`)
    const engineId = await core.resolveEngine(parsed.engine)
    const settings = await core.store.settings.get()
    const overrides = {
      localThresholds: settings.localThresholds,
      frameHints: settings.frameHints,
      tempDir: join(core.dataDir, 'tmp'),
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    }
    const created = await createEngine(engineId, core.credentials, overrides)
    if (!created.ok) throw new UsageError(`greenlight scan: ${cliErrorText(created.error)}`)
    const engine = created.value
    const scenes = parsed.scenes ?? settings.scenes
    const mode = parsed.mode ?? settings.scanMode
    if (mode === 'async' && engineId === 'local') {
      ctx.stderr.write(
        'Note: the local engine answers at once; --mode async applies to Green only.\n',
      )
    }
    ctx.stderr.write(
      `Engine: ${ENGINE_NAMES[engineId]}${parsed.engine === 'auto' ? (engineId === 'green' ? ' (an AccessKey is configured)' : ' (no AccessKey configured)') : ''}.\n`,
    )
    const unsupported = scenes.filter((s) => !engine.supportedScenes.includes(s))
    if (unsupported.length > 0) {
      ctx.stderr.write(
        `Note: ${ENGINE_NAMES[engineId]} cannot judge ${unsupported.join(', ')}; those scenes are reported as unsupported.\n`,
      )
    }

    const bizType = parsed.bizType ?? settings.bizType
    const request = { engine: engineId, scenes, bizType, mode }
    if (flags.dryRun === true) {
      await engine.close()
      const plan = await core.planInputs(inputs, {
        engine: engineId,
        scenes,
        bizType,
        followSymlinks: flags.followSymlinks === true || settings.followSymlinks,
      })
      // The estimate the app asks about, printed; nothing is stored and nothing is sent.
      ctx.stdout.write(`${formatEstimate(plan.estimate)}\n`)
      return
    }
    const { queued, failed, reused, linksOutside } = await enqueueInputs(core, {
      ...request,
      followSymlinks: flags.followSymlinks === true || settings.followSymlinks,
      inputs: inputs.filter((input) => input !== '-'),
      // The piped image, stored under the data folder: scanned and reused like any file.
      sources: piped?.ok ? [{ sourceKind: 'bytes', source: piped.value.path }] : [],
    })
    for (const item of [...reused, ...failed]) writeLine(ctx.stdout, formatItemLine(item))
    if (reused.length > 0) {
      ctx.stderr.write(
        `${String(reused.length)} image(s) were already scanned with these settings and have not changed: their verdicts are reused.\n`,
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

    let prebuilt: ScanEngine | null = engine
    core.scan.setOverrides({
      limits: {
        // Local: two images per worker keep the pool fed, and a second batch in flight keeps it
        // busy while the first one's stragglers finish. Green's requests in flight are a setting.
        ...(engine.parallelism
          ? {
              concurrency: Math.max(
                2,
                Math.ceil((engine.parallelism * 2) / (limits.batchSize ?? settings.batchSize)),
              ),
            }
          : {}),
        ...limits,
      },
      createEngine: (id) => {
        if (id === engineId && prebuilt) {
          const handed = prebuilt
          prebuilt = null
          return Promise.resolve({ ok: true, value: handed })
        }
        return createEngine(id, core.credentials, overrides)
      },
    })
    const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true
    const progress = tty ? new ScanProgress(ctx.stderr, queued.length) : null
    const stopFinished = core.scan.onItemFinished((item) => {
      progress?.clear()
      writeLine(ctx.stdout, formatItemLine(item))
      progress?.count(item.state === 'done')
      progress?.draw()
    })
    process.on('SIGINT', onSigint)
    try {
      core.scan.start()
      await core.scan.whenSettled()
    } finally {
      stopFinished()
      progress?.draw(true)
      progress?.clear()
    }
    // Never handed over (nothing was queued): ours to close.
    const unused = prebuilt as ScanEngine | null
    if (unused !== null) await unused.close()

    const status = core.scan.status()
    const all = await core.store.items.getMany([
      ...reused.map((i) => i.id),
      ...failed.map((i) => i.id),
      ...queued,
    ])
    const count = (state: Item['state']) => all.filter((i) => i.state === state).length
    const owed = all.filter((i) => i.state === 'submitted' || i.state === 'polling').length
    const unfinished = all.length - count('done') - count('failed') - count('cancelled') - owed
    ctx.stderr.write(
      `Scanned ${String(all.length)} image(s) with ${ENGINE_NAMES[engineId]}: ${String(count('done'))} done ` +
        `(${String(all.filter((i) => i.suggestion === 'block').length)} block, ${String(all.filter((i) => i.suggestion === 'review').length)} review), ` +
        `${String(count('failed'))} failed, ${String(count('cancelled'))} cancelled` +
        `${unfinished > 0 ? `, ${String(unfinished)} unfinished` : ''}.\n`,
    )
    reportUnreadable(ctx, [...core.store.items.unreadable.keys()])
    if (owed > 0) {
      ctx.stderr.write(
        `${String(owed)} image(s) were submitted to Green and their verdicts are still owed: run the same command again within the hour to collect them (no new charge).\n`,
      )
    }
    if (status.error !== null) {
      writeLine(
        ctx.stderr,
        `greenlight: the scan stopped: ${cliErrorText(status.error)} ${String(unfinished)} image(s) are still queued; fix this and run the same command again to finish them.`,
      )
    }
    await writeOutputs(ctx, all, flags, core.dataDir)
    if (status.error !== null || all.some((i) => i.state !== 'done')) {
      ctx.setExitCode(EXIT_ITEMS_FAILED)
    }
  } finally {
    process.removeListener('SIGINT', onSigint)
    // Closes the service and every engine it was handed (an unused one was closed above).
    await core.close()
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
