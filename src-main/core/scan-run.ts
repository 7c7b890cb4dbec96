import { join } from 'node:path'
import type {
  EngineChoice,
  EngineId,
  Item,
  ScanMode,
  Scene,
  Settings,
} from '../../src-shared/domain'
import type { QueueStatus } from '../../src-shared/ipc'
import { ok, type Result } from '../../src-shared/result'
import type { AddPlan } from './cost/plan-add'
import { createEngine, type EngineOverrides } from './engines/create-engine'
import type { ScanEngine } from './engines/scan-engine'
import type { CredentialsService } from './credentials/credentials-service'
import type { EventHub } from './events/event-hub'
import { parseRawInput } from './inputs'
import { enqueueInputs, type Enqueued, type EnqueueRequest } from './scan/enqueue-inputs'
import type { ScanLimits, ScanService } from './scan/scan-service'
import { settleOwnItems } from './scan/lease-keeper'
import type { Leases } from './store/lease'
import type { Store } from './store/ports/store'

/** What one run may choose differently from the settings (the CLI's flags, a benchmark's). */
export interface ScanRunOverrides {
  readonly engine?: EngineChoice
  readonly scenes?: readonly Scene[] | null
  readonly mode?: ScanMode | null
  readonly bizType?: string | null
  /** Follow links in folders; the setting applies too (either one turns it on). */
  readonly followSymlinks?: boolean
  readonly limits?: Partial<ScanLimits>
  /** Green's region or endpoint for this run (the CLI's --region, --endpoint). */
  readonly region?: string
  readonly endpoint?: string
  /**
   * Builds the run's engines instead of the default factory, which it is handed (a benchmark
   * wraps the engine to trace its calls, or answers at once to measure the queue alone).
   */
  readonly createEngine?: (
    id: EngineId,
    build: (id: EngineId) => Promise<Result<ScanEngine>>,
  ) => Promise<Result<ScanEngine>>
}

/** The run's settings once overrides are applied: hosts print them before anything is stored. */
export interface PreparedRun {
  readonly choice: EngineChoice
  readonly engine: EngineId
  readonly scenes: readonly Scene[]
  readonly mode: ScanMode
  readonly bizType: string | null
  readonly followSymlinks: boolean
  /** Scenes this engine cannot judge: reported as unsupported on every item. */
  readonly unsupportedScenes: readonly Scene[]
}

export interface ScanRunRequest {
  /** Files, folders, URLs and @lists, as typed. */
  readonly inputs: readonly string[]
  /** Sources already in hand (image bytes piped on stdin and saved under the data folder). */
  readonly sources?: EnqueueRequest['sources']
  readonly overrides?: ScanRunOverrides
  /** Price the inputs (cost/plan-add.ts) and store nothing. */
  readonly dryRun?: boolean
  /** The run's settings are known and its engine built; nothing is stored yet. */
  readonly onPrepared?: (prepared: PreparedRun) => void
  /** The inputs are stored as items; the queue starts right after this returns. */
  readonly onEnqueued?: (enqueued: Enqueued) => void
  /** Each item that reached a final state in this run (done, failed, cancelled). */
  readonly onItem?: (item: Item) => void
  /**
   * Some of the run's items are being scanned by another Greenlight: how many (said each time
   * the number changes), and how long a dead one's lease keeps them (docs/architecture.md §4).
   */
  readonly onHeldElsewhere?: (held: number, leaseMs: number) => void
  /** Stop waiting for items held elsewhere (Ctrl-C): the summary counts what is left. */
  readonly stopWaiting?: () => boolean
}

/** What a run ended with, counted for a summary line. */
export interface RunSummary {
  readonly total: number
  readonly done: number
  readonly block: number
  readonly review: number
  readonly failed: number
  readonly cancelled: number
  /** Submitted to Green in async mode, verdict still owed (collected by a later run). */
  readonly owed: number
  /** Neither final nor owed nor elsewhere: still queued (the queue stopped) or running. */
  readonly unfinished: number
  /** Still being scanned by another Greenlight when the run stopped waiting for them. */
  readonly elsewhere: number
}

export type ScanRunResult =
  | { readonly kind: 'planned'; readonly prepared: PreparedRun; readonly plan: AddPlan }
  | {
      readonly kind: 'scanned'
      readonly prepared: PreparedRun
      readonly enqueued: Enqueued
      /** Every item the run touched (reused, failed at input, queued), as stored at the end. */
      readonly items: readonly Item[]
      readonly status: QueueStatus
      readonly summary: RunSummary
    }

/** What a run needs of AppCore (structural, so this file does not import app-core.ts). */
export interface ScanRunHost {
  readonly dataDir: string
  readonly store: Pick<Store, 'items' | 'settings'>
  readonly events: Pick<EventHub, 'itemsChanged' | 'progressChanged'>
  readonly scan: ScanService
  readonly credentials: CredentialsService
  readonly leases: Pick<Leases, 'policy'>
  resolveEngine(choice: EngineChoice): Promise<EngineId>
  planInputs(
    inputs: readonly string[],
    overrides: {
      engine: EngineChoice
      scenes: readonly Scene[]
      bizType: string | null
      followSymlinks: boolean
    },
  ): Promise<AddPlan>
}

/** The settings a run uses: the stored ones, beaten by the run's overrides. */
export async function resolveRun(
  host: Pick<ScanRunHost, 'resolveEngine'>,
  settings: Settings,
  overrides: ScanRunOverrides = {},
): Promise<Omit<PreparedRun, 'unsupportedScenes'>> {
  const choice = overrides.engine ?? settings.engine
  return {
    choice,
    engine: await host.resolveEngine(choice),
    scenes: overrides.scenes ?? settings.scenes,
    mode: overrides.mode ?? settings.scanMode,
    bizType: overrides.bizType ?? settings.bizType,
    followSymlinks: overrides.followSymlinks === true || settings.followSymlinks,
  }
}

/**
 * Stores the inputs as items, as every host's add does (docs/architecture.md §4); the caller
 * starts the queue.
 */
export async function enqueueRun(
  host: Pick<ScanRunHost, 'store' | 'events'>,
  run: Omit<PreparedRun, 'unsupportedScenes' | 'choice'>,
  inputs: readonly string[],
  sources: EnqueueRequest['sources'] = [],
): Promise<Enqueued> {
  const enqueued = await enqueueInputs(host, {
    inputs,
    sources,
    engine: run.engine,
    scenes: run.scenes,
    bizType: run.bizType,
    mode: run.mode,
    followSymlinks: run.followSymlinks,
  })
  host.events.progressChanged(await host.store.items.progress())
  return enqueued
}

/**
 * One scan run from inputs to verdicts, for every host that waits for its results (the CLI, the
 * benchmarks): settings and overrides resolved, the engine built first (a missing account is an
 * error before anything is stored), the inputs stored, the queue worked until it settles, the
 * items counted. Hosts only parse their flags and print. Returns the engine's error if it cannot
 * be built.
 */
export async function scanRun(
  host: ScanRunHost,
  request: ScanRunRequest,
): Promise<Result<ScanRunResult>> {
  const overrides = request.overrides ?? {}
  const settings = await host.store.settings.get()
  const resolved = await resolveRun(host, settings, overrides)
  const engineOverrides: EngineOverrides = {
    localThresholds: settings.localThresholds,
    frameHints: settings.frameHints,
    tempDir: join(host.dataDir, 'tmp'),
    cacheDir: join(host.dataDir, 'cache'),
    ...(overrides.region ? { region: overrides.region } : {}),
    ...(overrides.endpoint ? { endpoint: overrides.endpoint } : {}),
  }
  const defaultBuild = (id: EngineId) => createEngine(id, host.credentials, engineOverrides)
  const build = (id: EngineId) =>
    overrides.createEngine ? overrides.createEngine(id, defaultBuild) : defaultBuild(id)
  // Built here so a missing account is an error before anything is stored; the service takes
  // it over for the first batch and builds any later one the same way.
  const created = await build(resolved.engine)
  if (!created.ok) return created
  const engine = created.value
  const prepared: PreparedRun = {
    ...resolved,
    unsupportedScenes: resolved.scenes.filter((s) => !engine.supportedScenes.includes(s)),
  }
  request.onPrepared?.(prepared)
  // Fetched while the inputs are stored and hashed, not when the first batch wants to upload.
  const files =
    (request.sources?.length ?? 0) > 0 ||
    request.inputs.some((input) => parseRawInput(input, process.cwd()).kind !== 'url')
  if (request.dryRun !== true && files) engine.warmUp?.()

  if (request.dryRun === true) {
    await engine.close()
    // The estimate the app asks about; nothing is stored and nothing is sent.
    const plan = await host.planInputs(request.inputs, {
      engine: prepared.engine,
      scenes: prepared.scenes,
      bizType: prepared.bizType,
      followSymlinks: prepared.followSymlinks,
    })
    return ok({ kind: 'planned', prepared, plan })
  }

  let prebuilt: ScanEngine | null = engine
  const limits = overrides.limits ?? {}
  host.scan.setOverrides({
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
      if (id === prepared.engine && prebuilt) {
        const handed = prebuilt
        prebuilt = null
        return Promise.resolve(ok(handed))
      }
      return build(id)
    },
  })
  const onItem = request.onItem
  const stopListening = host.scan.on((event) => {
    if (event.type === 'finished') onItem?.(event.item)
  })
  let enqueued: Enqueued
  let heldElsewhere: readonly number[] = []
  try {
    enqueued = await enqueueRun(host, prepared, request.inputs, request.sources)
    request.onEnqueued?.(enqueued)
    // Started even with nothing new queued: the first start puts back what a crash left.
    host.scan.start()
    // Items another Greenlight holds are waited for; a dead one's come back here when its lease
    // runs out (docs/architecture.md §4, "Leases"), so no item is left silently stuck.
    heldElsewhere = await settleOwnItems(host.scan, host.store.items, enqueued.queued, {
      everyMs: host.leases.policy.renewMs,
      stop: () => request.stopWaiting?.() === true || host.scan.status().error !== null,
      onHeld: (held) => request.onHeldElsewhere?.(held, host.leases.policy.periodMs),
    })
  } finally {
    stopListening()
  }
  // Never handed over (nothing was queued): ours to close.
  const unused = prebuilt as ScanEngine | null
  if (unused !== null) await unused.close()

  const items = await host.store.items.getMany([
    ...enqueued.reused.map((i) => i.id),
    ...enqueued.failed.map((i) => i.id),
    ...enqueued.queued,
  ])
  return ok({
    kind: 'scanned',
    prepared,
    enqueued,
    items,
    status: host.scan.status(),
    summary: summarize(items, new Set(heldElsewhere)),
  })
}

/** Owed and unfinished are the run's own; what another process holds is counted apart. */
export function summarize(
  items: readonly Item[],
  elsewhere: ReadonlySet<number> = new Set(),
): RunSummary {
  const count = (state: Item['state']) => items.filter((i) => i.state === state).length
  const owed = items.filter(
    (i) => (i.state === 'submitted' || i.state === 'polling') && !elsewhere.has(i.id),
  ).length
  const done = count('done')
  const failed = count('failed')
  const cancelled = count('cancelled')
  return {
    total: items.length,
    done,
    block: items.filter((i) => i.suggestion === 'block').length,
    review: items.filter((i) => i.suggestion === 'review').length,
    failed,
    cancelled,
    owed,
    unfinished: items.length - done - failed - cancelled - owed - elsewhere.size,
    elsewhere: elsewhere.size,
  }
}
