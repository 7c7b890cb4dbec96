import { resolve } from 'node:path'
import type { Command } from 'commander'
import {
  engineChoiceSchema,
  parseScenes,
  SCENES,
  type EngineChoice,
  type Scene,
} from '../../../src-shared/domain'
import type { AppCore } from '../../core/app-core'
import type { WatchEvent } from '../../core/watch/watch-service'
import type { CliContext } from '../cli-context'
import { UsageError } from '../usage-error'
import { formatItemLine } from './scan'
import { writeLine } from '../terminal-text'
import { cliErrorText } from '../error-advice'

interface WatchFlags {
  engine?: string
  scenes?: string
  existing?: boolean
  sweep?: string
}

/** What stops a watch: the first Ctrl-C drains, a second one or SIGTERM stops at once. */
export interface StopSignals {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
  removeListener(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
}

function parseFlags(flags: WatchFlags): {
  engine: EngineChoice | undefined
  scenes: Scene[] | undefined
  sweepMs: number | null
} {
  let engine: EngineChoice | undefined
  if (flags.engine !== undefined) {
    const parsed = engineChoiceSchema.safeParse(flags.engine)
    if (!parsed.success) {
      throw new UsageError(
        `greenlight watch: --engine must be local or green (got "${flags.engine}").`,
      )
    }
    engine = parsed.data
  }
  let scenes: Scene[] | undefined
  if (flags.scenes !== undefined) {
    const parsed = parseScenes(flags.scenes)
    if (parsed.unknown.length > 0 || parsed.scenes.length === 0) {
      throw new UsageError(
        `greenlight watch: unknown scene ${parsed.unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; use a comma-separated list of ${SCENES.join(',')}.`,
      )
    }
    scenes = parsed.scenes
  }
  let sweepMs: number | null = null
  if (flags.sweep !== undefined) {
    const seconds = Number(flags.sweep)
    if (!Number.isFinite(seconds) || seconds < 1) {
      throw new UsageError('greenlight watch: --sweep takes a number of seconds, 1 or more.')
    }
    sweepMs = Math.round(seconds * 1000)
  }
  return { engine, scenes, sweepMs }
}

function describe(event: WatchEvent): { out?: string; err?: string } {
  switch (event.type) {
    case 'verdict':
      return { out: formatItemLine(event.item) }
    case 'folder':
      if (event.status.state === 'error' && event.status.error) {
        return { err: `greenlight: ${cliErrorText(event.status.error)}` }
      }
      if (event.status.state === 'watching') return { err: `Watching ${event.status.path}` }
      return {}
    case 'notice':
      return { err: `greenlight: ${event.message}` }
    case 'enqueued':
    case 'blocked':
      return {}
  }
}

/** Folders named on the command line are watched for this run; new ones join the list off. */
async function folderIds(
  core: AppCore,
  folders: readonly string[],
  flags: WatchFlags,
  sweepMs: number | null,
) {
  const ids: number[] = []
  for (const folder of folders) {
    const path = resolve(folder)
    const known = await core.watch.list.byPath(path)
    const added = await core.watch.addFolder(path, {
      // The app must not start watching a folder because a terminal once did.
      ...(known ? {} : { enabled: false }),
      ...(flags.existing === false ? { scanExisting: false } : {}),
      ...(sweepMs === null ? {} : { sweepMs }),
    })
    if (!added.ok) throw new UsageError(`greenlight watch: ${cliErrorText(added.error)}`)
    ids.push(added.value.id)
  }
  return ids
}

async function watchFolders(
  ctx: CliContext,
  folders: string[],
  flags: WatchFlags,
  signals: StopSignals,
): Promise<void> {
  const parsed = parseFlags(flags)
  const core = await ctx.openCore()
  let onSignal: ((kind: 'SIGINT' | 'SIGTERM') => void) | null = null
  const signalled = { any: false }
  const sigint = () => {
    signalled.any = true
    onSignal?.('SIGINT')
  }
  const sigterm = () => {
    signalled.any = true
    onSignal?.('SIGTERM')
  }
  try {
    const ids = await folderIds(core, folders, flags, parsed.sweepMs)
    const engine = await core.resolveEngine(
      parsed.engine ?? (await core.store.settings.get()).engine,
    )
    core.watch.on((event) => {
      const line = describe(event)
      if (line.out !== undefined) writeLine(ctx.stdout, line.out)
      if (line.err !== undefined) writeLine(ctx.stderr, line.err)
    })
    let stopNow: () => void = () => undefined
    const now = new Promise<void>((resolveNow) => {
      stopNow = resolveNow
    })
    const first = new Promise<'SIGINT' | 'SIGTERM'>((resolveFirst) => {
      let seen = 0
      onSignal = (kind) => {
        seen += 1
        if (seen === 1) resolveFirst(kind)
        if (kind === 'SIGTERM' || seen > 1) stopNow()
      }
    })
    signals.on('SIGINT', sigint)
    signals.on('SIGTERM', sigterm)
    ctx.stderr.write(
      `Engine: ${engine === 'local' ? 'the local engine (offline)' : 'Alibaba Green'}. Press Ctrl-C to stop.\n`,
    )
    await core.watch.start({
      only: ids,
      engine: parsed.engine ?? engine,
      ...(parsed.scenes ? { scenes: parsed.scenes } : {}),
    })
    const kind = await first
    // No new files from here on; what is already queued gets its verdict unless asked to hurry.
    await core.watch.stop()
    if (kind === 'SIGINT') {
      ctx.stderr.write(
        'Stopping: no new files are picked up; images already queued finish. Press Ctrl-C again to stop now.\n',
      )
      await Promise.race([core.scan.whenSettled(), now])
    }
    const left = await core.store.items.countIn(['queued'])
    ctx.stderr.write(
      `Stopped.${left > 0 ? ` ${String(left)} image(s) stay queued and are scanned next time.` : ''}\n`,
    )
  } finally {
    await core.close()
    // Once a stop was asked for, a late extra Ctrl-C must not kill the process mid-exit (it
    // would end by signal instead of cleanly): the listeners stay until the process ends.
    if (!signalled.any) {
      signals.removeListener('SIGINT', sigint)
      signals.removeListener('SIGTERM', sigterm)
    }
  }
}

export function registerWatchCommand(
  program: Command,
  ctx: CliContext,
  signals: StopSignals = process,
): void {
  program
    .command('watch')
    .description('Watch folders and scan new photos as they land, until Ctrl-C')
    .argument('<folders...>', 'folders to watch (recursively)')
    .option(
      '--engine <engine>',
      'local or green (default: green when credentials exist, else local)',
    )
    .option('--scenes <scenes>', 'comma-separated: porn,terrorism,ad,qrcode,live,logo')
    .option(
      '--no-existing',
      'do not scan the files already in a folder the first time it is watched',
    )
    .option('--sweep <seconds>', 'also re-list the folders this often (network shares)')
    .action((folders: string[], flags: WatchFlags) => watchFolders(ctx, folders, flags, signals))
}
