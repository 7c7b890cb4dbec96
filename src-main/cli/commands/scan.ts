import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import {
  engineChoiceSchema,
  parseScenes,
  SCENES,
  type Item,
  type Scene,
} from '../../../src-shared/domain'
import type { AppCore } from '../../core/app-core'
import { runItems } from '../../core/engine/run-items'
import { classifyInput } from '../../core/inputs'
import { LocalEngine, LOCAL_SCENES } from '../../core/local/local-engine'
import { collectImageInputs } from '../../core/media/collect-images'
import type { CliContext } from '../cli-context'
import { EXIT_ITEMS_FAILED } from '../exit-codes'
import { UsageError } from '../usage-error'

interface ScanFlags {
  engine?: string
  scenes?: string
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
  if (flags.csv !== undefined) {
    throw new UsageError(
      'greenlight scan: --csv is not available in this build yet; use --json <file>.',
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

async function scan(ctx: CliContext, inputs: string[], flags: ScanFlags): Promise<void> {
  const parsed = parseFlags(flags)
  if (inputs.includes('-')) {
    throw new UsageError(
      'greenlight scan: reading inputs from stdin (-) is not available in this build yet; use @list.txt.',
    )
  }
  const paths = await collectImageInputs(inputs).catch((error: unknown) => {
    throw new UsageError(
      `greenlight scan: ${error instanceof Error ? error.message : String(error)}`,
    )
  })

  const core: AppCore = await ctx.openCore()
  let engine: LocalEngine | null = null
  const controller = new AbortController()
  const onSigint = () => {
    ctx.stderr.write(
      'Cancelling: images already being judged finish, the rest are marked cancelled.\n',
    )
    controller.abort()
  }
  try {
    // resolveEngine may be sync or async depending on how credentials are read; both work here.
    const engineId = await Promise.resolve(core.resolveEngine(parsed.engine))
    if (engineId === 'green') {
      throw new UsageError(
        parsed.engine === 'green'
          ? 'greenlight scan: the Green engine is not wired into the CLI yet. Use --engine local.'
          : 'greenlight scan: credentials are configured, so the default engine is Green, which is not wired into the CLI yet. Use --engine local.',
      )
    }
    const settings = await core.store.settings.get()
    const scenes = parsed.scenes ?? settings.scenes
    if (paths.length === 0) {
      ctx.stderr.write('No images found (looked for .jpg .jpeg .png .bmp .gif .webp).\n')
      if (flags.json) await writeFile(resolve(flags.json), '[]\n')
      return
    }
    const unsupported = scenes.filter((s) => !LOCAL_SCENES.includes(s))
    if (unsupported.length > 0) {
      ctx.stderr.write(
        `Note: the local engine cannot judge ${unsupported.join(', ')}; those scenes are reported as unsupported.\n`,
      )
    }
    const items = await core.store.items.insertMany(
      paths.map((p) => ({
        ...classifyInput(p),
        engine: 'local' as const,
        scenes,
        bizType: settings.bizType,
      })),
    )
    core.events.itemsChanged(items)
    engine = new LocalEngine()
    process.once('SIGINT', onSigint)
    const finished = await runItems(
      core,
      engine,
      items.map((i) => i.id),
      {
        signal: controller.signal,
        concurrency: engine.parallelism * 2,
        onItemFinished: (item) => ctx.stdout.write(`${formatItemLine(item)}\n`),
      },
    )
    if (flags.json) await writeFile(resolve(flags.json), `${JSON.stringify(finished, null, 2)}\n`)
    const count = (state: Item['state']) => finished.filter((i) => i.state === state).length
    const failed = count('failed')
    const cancelled = count('cancelled')
    ctx.stderr.write(
      `Scanned ${finished.length} image(s) with the local engine: ${count('done')} done ` +
        `(${finished.filter((i) => i.suggestion === 'block').length} block, ${finished.filter((i) => i.suggestion === 'review').length} review), ` +
        `${failed} failed, ${cancelled} cancelled.${flags.json ? ` Results written to ${resolve(flags.json)}.` : ''}\n`,
    )
    if (failed > 0 || cancelled > 0) ctx.setExitCode(EXIT_ITEMS_FAILED)
  } finally {
    process.removeListener('SIGINT', onSigint)
    await engine?.close()
    await core.close()
  }
}

export function registerScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('Scan images (files, folders, URLs, @list.txt, or - for stdin) and store verdicts')
    .argument('<inputs...>', 'files, folders, http(s) URLs, @list.txt, or -')
    .option(
      '--engine <engine>',
      'local or green (default: green when credentials exist, else local)',
    )
    .option('--scenes <scenes>', 'comma-separated: porn,terrorism,ad,qrcode,live,logo')
    .option('--json <file>', 'write results as JSON')
    .option('--csv <file>', 'write results as CSV')
    .action((inputs: string[], flags: ScanFlags) => scan(ctx, inputs, flags))
}
