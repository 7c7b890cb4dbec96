import { resolve } from 'node:path'
import { Readable } from 'node:stream'
import type { Command } from 'commander'
import {
  engineChoiceSchema,
  parseScenes,
  REGIONS,
  SCENES,
  type EngineId,
  type Item,
  type Scene,
} from '../../../src-shared/domain'
import type { AppError } from '../../../src-shared/result'
import type { AppCore } from '../../core/app-core'
import { createEngine } from '../../core/engine/create-engine'
import { runItems } from '../../core/engine/run-items'
import type { ScanEngine } from '../../core/engine/scan-engine'
import { exportCsv } from '../../core/export/csv-export'
import { exportJson } from '../../core/export/json-export'
import { describeSource, expandInputs } from '../../core/inputs'
import type { CliContext } from '../cli-context'
import { EXIT_ITEMS_FAILED } from '../exit-codes'
import { UsageError } from '../usage-error'

interface ScanFlags {
  engine?: string
  scenes?: string
  region?: string
  endpoint?: string
  json?: string
  csv?: string
}

/** One line per finished image: state, suggestion, path, then each scene's label and rate. */
export function formatItemLine(item: Item): string {
  if (item.state !== 'done') {
    return `${item.state.padEnd(9)} ${(item.error?.code ?? '-').padEnd(7)} ${item.source}  ${item.error?.message ?? ''}`
  }
  const scenes = item.results.map((r) => {
    const qr = r.extras?.qrcodeData?.length ? ` ${JSON.stringify(r.extras.qrcodeData)}` : ''
    return `${r.scene}:${r.label}(${r.rate})${qr}`
  })
  if (item.unsupportedScenes.length > 0)
    scenes.push(`unsupported:${item.unsupportedScenes.join(',')}`)
  return `${item.state.padEnd(9)} ${(item.suggestion ?? '-').padEnd(7)} ${item.source}  ${scenes.join(' ')}`
}

function parseFlags(flags: ScanFlags): {
  engine: 'auto' | 'local' | 'green'
  scenes: Scene[] | null
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
  if (flags.scenes === undefined) return { engine: engine.data, scenes: null }
  const { scenes, unknown } = parseScenes(flags.scenes)
  if (unknown.length > 0 || scenes.length === 0) {
    throw new UsageError(
      `greenlight scan: unknown scene ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; use a comma-separated list of ${SCENES.join(',')}.`,
    )
  }
  return { engine: engine.data, scenes }
}

const ENGINE_NAMES: Record<EngineId, string> = {
  local: 'the local engine (offline)',
  green: 'Alibaba Green',
}

/**
 * Every input becomes a stored item before any work starts, bad ones included: an input that
 * cannot be scanned (a missing file, an ftp:// URL) is stored as failed with its reason, so it
 * shows up in the summary, the exports and the exit code instead of vanishing.
 */
async function enqueue(
  core: AppCore,
  inputs: readonly string[],
  engine: EngineId,
  scenes: readonly Scene[],
): Promise<{ queued: number[]; failed: Item[] }> {
  const settings = await core.store.settings.get()
  const good: { sourceKind: Item['sourceKind']; source: string }[] = []
  const bad: { input: string; error: AppError }[] = []
  for await (const expanded of expandInputs(inputs)) {
    if (expanded.ok) good.push(describeSource(expanded.source))
    else bad.push({ input: expanded.input, error: expanded.error })
  }
  const base = { engine, scenes, bizType: settings.bizType }
  const items = await core.store.items.insertMany([
    ...good.map((g) => ({ ...g, ...base })),
    ...bad.map((b) => ({
      sourceKind: /^[a-z][a-z0-9+.-]*:\/\//i.test(b.input) ? ('url' as const) : ('file' as const),
      source: b.input,
      ...base,
    })),
  ])
  const failed: Item[] = []
  for (const [index, b] of bad.entries()) {
    const item = items[good.length + index]
    if (!item) continue
    const updated = await core.store.items.update(item.id, { state: 'failed', error: b.error })
    if (updated) failed.push(updated)
  }
  core.events.itemsChanged([...items.slice(0, good.length), ...failed])
  return { queued: items.slice(0, good.length).map((i) => i.id), failed }
}

async function writeOutputs(ctx: CliContext, items: readonly Item[], flags: ScanFlags) {
  const source = (): AsyncIterable<Item> => Readable.from(items)
  for (const [flag, write] of [
    [flags.json, (file: string) => exportJson(source, file)],
    [flags.csv, (file: string) => exportCsv(source, file)],
  ] as const) {
    if (flag === undefined) continue
    const written = await write(resolve(flag))
    if (written.ok) ctx.stderr.write(`Results written to ${written.value.file}.\n`)
    else {
      ctx.stderr.write(`greenlight: ${written.error.message}\n`)
      ctx.setExitCode(EXIT_ITEMS_FAILED)
    }
  }
}

async function scan(ctx: CliContext, inputs: string[], flags: ScanFlags): Promise<void> {
  const parsed = parseFlags(flags)
  if (inputs.includes('-')) {
    throw new UsageError(
      'greenlight scan: reading image bytes from stdin (-) is not available in this build yet; save them to a file, or use @list.txt for many inputs.',
    )
  }
  const core: AppCore = await ctx.openCore()
  let engine: ScanEngine | null = null
  const controller = new AbortController()
  const onSigint = () => {
    ctx.stderr.write(
      'Cancelling: images already being judged finish, the rest are marked cancelled.\n',
    )
    controller.abort()
  }
  try {
    const engineId = await core.resolveEngine(parsed.engine)
    const settings = await core.store.settings.get()
    const created = await createEngine(engineId, core.credentials, {
      localThresholds: settings.localThresholds,
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    })
    if (!created.ok) throw new UsageError(`greenlight scan: ${created.error.message}`)
    engine = created.value
    const scenes = parsed.scenes ?? settings.scenes
    ctx.stderr.write(
      `Engine: ${ENGINE_NAMES[engineId]}${parsed.engine === 'auto' ? (engineId === 'green' ? ' (an AccessKey is configured)' : ' (no AccessKey configured)') : ''}.\n`,
    )
    const unsupported = scenes.filter((s) => !engine?.supportedScenes.includes(s))
    if (unsupported.length > 0) {
      ctx.stderr.write(
        `Note: ${ENGINE_NAMES[engineId]} cannot judge ${unsupported.join(', ')}; those scenes are reported as unsupported.\n`,
      )
    }

    const { queued, failed } = await enqueue(core, inputs, engineId, scenes)
    for (const item of failed) ctx.stdout.write(`${formatItemLine(item)}\n`)
    if (queued.length === 0 && failed.length === 0) {
      ctx.stderr.write('No images found (looked for .jpg .jpeg .png .bmp .gif .webp).\n')
    }
    process.once('SIGINT', onSigint)
    const finished = await runItems(core, engine, queued, {
      signal: controller.signal,
      // Two per worker keeps the local pool fed; Green's requests in flight are a setting.
      concurrency: engine.parallelism ? engine.parallelism * 2 : settings.concurrency,
      onItemFinished: (item) => ctx.stdout.write(`${formatItemLine(item)}\n`),
    })
    const all = [...failed, ...finished]
    const count = (state: Item['state']) => all.filter((i) => i.state === state).length
    const failures = count('failed') + count('cancelled')
    ctx.stderr.write(
      `Scanned ${String(all.length)} image(s) with ${ENGINE_NAMES[engineId]}: ${String(count('done'))} done ` +
        `(${String(all.filter((i) => i.suggestion === 'block').length)} block, ${String(all.filter((i) => i.suggestion === 'review').length)} review), ` +
        `${String(count('failed'))} failed, ${String(count('cancelled'))} cancelled.\n`,
    )
    await writeOutputs(ctx, all, flags)
    if (failures > 0) ctx.setExitCode(EXIT_ITEMS_FAILED)
  } finally {
    process.removeListener('SIGINT', onSigint)
    await engine?.close()
    await core.close()
  }
}

export function registerScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('Scan images (files, folders, URLs, @list.txt) and store verdicts')
    .argument('<inputs...>', 'files, folders, http(s) URLs, or @list.txt')
    .option(
      '--engine <engine>',
      'local or green (default: green when credentials exist, else local)',
    )
    .option('--scenes <scenes>', 'comma-separated: porn,terrorism,ad,qrcode,live,logo')
    .option('--region <region>', `Green region: ${REGIONS.join(', ')}`)
    .option(
      '--endpoint <url>',
      'custom Green endpoint (https, or http on loopback), e.g. the emulator',
    )
    .option('--json <file>', 'write results as JSON')
    .option('--csv <file>', 'write results as CSV (UTF-8 with BOM)')
    .action((inputs: string[], flags: ScanFlags) => scan(ctx, inputs, flags))
}
