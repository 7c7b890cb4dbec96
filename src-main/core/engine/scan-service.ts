import { setMaxListeners } from 'node:events'
import { basename } from 'node:path'
import {
  itemNote,
  suggestionAfterFeedback,
  type EngineId,
  type Item,
  type ItemFeedback,
  type Progress,
  type Scene,
  type SceneResult,
} from '../../../src-shared/domain'
import type { QueueStatus } from '../../../src-shared/ipc'
import { appError, toAppError, type AppError, type Result } from '../../../src-shared/result'
import { feedbackSubject } from '../feedback/feedback-repo'
import { fileChangedError, FileReadError, sha256File } from '../media/hash-file'
import { RUNNING_STATES, type ItemPatch, type ItemsRepo } from '../store/items-repo'
import { isStorageError, storageErrorOf } from '../store/storage-error'
import type { CachedScene, VerdictCacheRepo, VerdictKey } from '../store/verdict-cache-repo'
import { AsyncPoller, type PollSchedule, type PollStats } from './async-poller'
import { EngineRegistry, type EngineLease } from './engine-registry'
import { AdaptiveRateLimiter, systemClock, type Clock } from './rate-limiter'
import { gaveUp, RetryPolicy, stopsQueue, type RetryPolicyOptions } from './retry-policy'
import type {
  AsyncScanning,
  PollOutcome,
  ScanEngine,
  ScanOptions,
  ScanTask,
  SubmitOutcome,
  TaskOutcome,
} from './scan-engine'

/** How hard to drive the engines; read before each batch so a settings change applies at once. */
export interface ScanLimits {
  /** Tasks per engine call (Green allows 100). */
  readonly batchSize: number
  /** Engine calls in flight at once. */
  readonly concurrency: number
  /** Images per second sent to Green (the local engine is not rate-limited). */
  readonly scanQps: number
}

export interface ScanOverrides {
  readonly limits?: Partial<ScanLimits>
  readonly createEngine?: (id: EngineId) => Promise<Result<ScanEngine>>
}

export interface ScanServiceEvents {
  itemsChanged(items: readonly Item[]): void
  progressChanged(progress: Progress): void
  queueChanged?(status: QueueStatus): void
}

export interface ScanServiceOptions {
  readonly items: ItemsRepo
  readonly verdicts: VerdictCacheRepo
  readonly events: ScanServiceEvents
  /** Builds an engine when work for it arrives (Green reads its credentials at that moment). */
  readonly createEngine: (id: EngineId) => Promise<Result<ScanEngine>>
  readonly limits: () => Promise<ScanLimits>
  /**
   * The cache's name for an engine: anything that changes its verdicts belongs in it (the local
   * engine's thresholds), so a settings change never serves verdicts judged under the old ones.
   */
  readonly verdictEngineKey?: (id: EngineId) => Promise<string>
  /** Retries of one engine call (request-level errors: 588, 5xx, network). */
  readonly retry?: RetryPolicyOptions
  /** Tries an item gets for per-image retryable errors (a 592 download timeout) before failing. */
  readonly itemAttempts?: number
  /** Engines are closed after this long with nothing to do (the local model is slow to load). */
  readonly idleCloseMs?: number
  readonly clock?: Clock
  /** Where a bug in the service itself is reported (it never crashes the host). */
  readonly onInternalError?: (error: AppError) => void
  readonly hashFile?: (path: string, signal?: AbortSignal) => Promise<string>
  /**
   * Put items a crash left mid-flight back in the queue before the first batch (default true).
   * False when another process shares the data folder: its in-flight items are not leftovers.
   */
  readonly recoverOnStart?: boolean
  /** When async tasks are asked about again (tests shorten it). */
  readonly pollSchedule?: PollSchedule
  /** Epoch ms, for stored timestamps and Green's one-hour window. */
  readonly wallNow?: () => number
  /**
   * Reviewers' corrections, by image (sha256, or the URL for URL items) and engine: every verdict
   * that lands is corrected by them, so a later scan of a corrected image comes back corrected.
   */
  readonly feedback?: {
    lookup(subject: string, engine: EngineId): Promise<ItemFeedback | null>
  }
}

/** What happened, for tests, benchmarks and the CLI summary. */
export interface ScanStats {
  /** engine.scan calls, retries included. */
  engineCalls: number
  /** Tasks sent in those calls. */
  tasksSent: number
  /** Request-level retries. */
  retries: number
  /** 588 answers seen. */
  throttled: number
  /** Items finished from the verdict cache or from a twin in the same batch: no call, no charge. */
  reused: number
  /** Async tasks accepted by the engine. */
  submitted: number
}

type ItemListener = (item: Item) => void
/** Images with the same bytes in one batch: the leader is sent, the twins share its verdict. */
interface Group {
  readonly leader: Item
  readonly twins: Item[]
  readonly sha256: string | null
}
/** What one engine call is about: the batch's settings and the items still running in it. */
interface BatchContext {
  readonly engineId: EngineId
  readonly scenes: readonly Scene[]
  readonly bizType: string | null
  readonly live: ReadonlySet<number>
  readonly sending: readonly Item[]
  readonly signal: AbortSignal
}
interface Hashed {
  readonly item: Item
  readonly sha256: string | null
}
interface Deferred {
  readonly promise: Promise<void>
  readonly resolve: () => void
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
type StatusListener = (status: QueueStatus) => void

const PROGRESS_EVERY_MS = 100

const CANCELLED = appError('CANCELLED', 'The scan was cancelled before this image was judged.')
const NO_ANSWER = appError(
  'ENGINE_FAILED',
  'The engine returned no verdict for this image. It will be scanned again.',
  true,
  { reason: 'no-answer' },
)

/**
 * The scan service (docs/architecture.md §4): the single place items move through their states. It
 * takes queued items from the store in batches of one (engine, scenes, bizType), hashes them,
 * answers what it can from the verdict cache, sends the rest to the engine (several calls in
 * flight, Green paced by an adaptive token bucket counting images), retries what is worth
 * retrying, and pauses the whole queue, once, on errors that would fail every call (auth).
 * Every transition is written to the store before it is announced.
 */
export class ScanService {
  readonly stats: ScanStats = {
    engineCalls: 0,
    tasksSent: 0,
    retries: 0,
    throttled: 0,
    reused: 0,
    submitted: 0,
  }

  private state: QueueStatus['state'] = 'idle'
  private error: AppError | null = null
  private readonly running = new Set<Promise<void>>()
  private controller = new AbortController()
  private pumping = false
  private kicked = false
  private closing = false
  private closed = false
  private readonly engines: EngineRegistry
  private limiter: AdaptiveRateLimiter | null = null
  private readonly attempts = new Map<number, number>()
  /** Images (by verdict key) being judged right now, so a twin in another batch waits for it. */
  private readonly inFlight = new Map<string, Deferred>()
  private readonly itemListeners = new Set<ItemListener>()
  private readonly statusListeners = new Set<StatusListener>()
  private settledWaiters: (() => void)[] = []
  private idleTimer: unknown = undefined
  private progressTimer: unknown = undefined
  private readonly clock: Clock
  private readonly retryPolicy: RetryPolicy
  private readonly hashFile: (path: string, signal?: AbortSignal) => Promise<string>
  private overrides: ScanOverrides = {}
  private recovered = false
  private pumpDone: Promise<void> = Promise.resolve()
  private readonly poller: AsyncPoller
  /** Set by an abort: async tasks are not polled again until the next start. */
  private pollingHalted = false
  /** Wakes the pump while it waits on the poller (new work, or the poller stopped). */
  private wakePump: (() => void) | null = null
  private readonly wallNow: () => number

  constructor(private readonly options: ScanServiceOptions) {
    this.clock = options.clock ?? systemClock
    this.retryPolicy = new RetryPolicy({ clock: this.clock, ...options.retry })
    this.hashFile = options.hashFile ?? sha256File
    this.wallNow = options.wallNow ?? Date.now
    this.engines = new EngineRegistry(
      (id) => (this.overrides.createEngine ?? this.options.createEngine)(id),
      async (id) => (await this.options.verdictEngineKey?.(id)) ?? id,
    )
    this.poller = new AsyncPoller(
      {
        items: options.items,
        clock: this.clock,
        wallNow: this.wallNow,
        engine: (id) => this.engines.current(id),
        done: (items, outcome) => this.finishAsync(items, outcome),
        failed: async (items, error) => {
          for (const item of items) await this.retryOrFail(item, error)
          if (items.length > 0) this.start()
        },
        stop: (error) => this.stopQueue([], error),
        announce: (items) => this.announce(items),
        onInternalError: (error) => {
          this.options.onInternalError?.(error)
          if (isStorageError(error)) void this.stopForStorage([], error)
        },
      },
      options.pollSchedule,
    )
  }

  /** Async polling figures, for tests, benchmarks and the CLI summary. */
  get pollStats(): PollStats {
    return this.poller.stats
  }

  /**
   * Per-run choices that beat the settings (the CLI's --qps, --batch, --concurrency, --region,
   * --endpoint). Engines built before keep running; new ones use the override.
   */
  setOverrides(overrides: ScanOverrides): void {
    this.overrides = overrides
  }

  status(): QueueStatus {
    return {
      state: this.state,
      error: this.error,
      inFlight: this.running.size,
      engines: this.engines.ids,
    }
  }

  /** Called once per item that reached a final state through this service. */
  onItemFinished(listener: ItemListener): () => void {
    this.itemListeners.add(listener)
    return () => this.itemListeners.delete(listener)
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  /**
   * After a crash: items caught mid-flight (hashing, cached, uploading, scanning) go back to the
   * queue, so the next run completes them. Finished items are untouched and never rescanned.
   */
  async recover(): Promise<number> {
    this.recovered = true
    const moved = await this.options.items.transitionAll(
      RUNNING_STATES.filter((s) => s !== 'submitted' && s !== 'polling'),
      { state: 'queued' },
    )
    await this.announce(moved)
    return moved.length
  }

  /** Starts (or keeps) working through the queue, unless paused. */
  start(): QueueStatus {
    if (this.closed || this.state === 'paused') return this.status()
    this.clearIdleTimer()
    this.kicked = true
    if (this.pollingHalted) {
      // Polling resumes after an abort: time has passed, so every task is asked about at once.
      this.pollingHalted = false
      this.poller.askAllNow()
    }
    this.wakePump?.()
    if (this.state !== 'running') this.setState('running', null)
    if (!this.pumping) this.pumpDone = this.pump()
    return this.status()
  }

  /** Stops taking new batches; calls in flight finish and their items end normally. */
  pause(): QueueStatus {
    if (this.state !== 'paused') this.setState('paused', null)
    return this.status()
  }

  /** Clears a stop error (the user fixed the key, say) and works through the queue again. */
  resume(): QueueStatus {
    if (this.closed) return this.status()
    this.state = 'idle'
    this.error = null
    return this.start()
  }

  /**
   * Queued items become cancelled. Unless `drain`, calls in flight are aborted and their items
   * marked cancelled too; with `drain` they finish (the CLI's first Ctrl-C).
   */
  async cancel(options: { drain?: boolean } = {}): Promise<QueueStatus> {
    const cancelled = await this.options.items.transitionAll(['queued'], {
      state: 'cancelled',
      error: CANCELLED,
    })
    await this.announce(cancelled)
    for (const item of cancelled) this.finished(item)
    if (options.drain !== true) this.abortInFlight()
    return this.status()
  }

  /** Aborts the calls in flight now (the CLI's second Ctrl-C); their items end cancelled. */
  abortInFlight(): void {
    // Submitted tasks stay submitted (they are paid for): the next start collects them.
    this.pollingHalted = true
    this.controller.abort()
    this.controller = new AbortController()
  }

  /** Failed items go back to the queue, error cleared, with a fresh set of tries. */
  async retryFailed(): Promise<QueueStatus> {
    const moved = await this.options.items.transitionAll(['failed'], {
      state: 'queued',
      error: null,
    })
    for (const item of moved) this.attempts.delete(item.id)
    await this.announce(moved)
    if (moved.length > 0) this.start()
    return this.status()
  }

  /** Resolves when nothing is in flight and the queue is idle or paused. */
  whenSettled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve()
    return new Promise((resolve) => this.settledWaiters.push(resolve))
  }

  /**
   * Stops for good: calls in flight are aborted and their items go back to the queue (not
   * cancelled: the next start completes them), then every engine is closed.
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.closing = true
    this.clearIdleTimer()
    this.state = 'paused'
    this.controller.abort()
    this.wakePump?.()
    await this.pumpDone
    await Promise.all([...this.running])
    await this.poller.whenStopped()
    if (this.progressTimer !== undefined) {
      // The last count goes out before the store closes.
      this.clock.clearTimer(this.progressTimer)
      this.progressTimer = undefined
      await this.sendProgress()
    }
    await this.closeEngines()
    this.state = 'idle'
    this.notifySettled()
  }

  // --- the loop -------------------------------------------------------------------------------

  private wasKicked(): boolean {
    return this.kicked
  }

  private isSettled(): boolean {
    return this.running.size === 0 && !this.pumping && this.state !== 'running'
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      if (!this.recovered && this.options.recoverOnStart !== false) {
        // Once per process, before the first batch: whatever a crash left mid-flight runs again.
        this.recovered = true
        await this.recover()
      }
      this.ensurePolling()
      for (;;) {
        this.kicked = false
        if (this.state !== 'running') break
        const limits = { ...(await this.options.limits()), ...this.overrides.limits }
        if (this.running.size >= Math.max(1, limits.concurrency)) {
          await Promise.race(this.running)
          continue
        }
        const batch = await this.options.items.nextQueuedBatch(limits.batchSize)
        const claimed =
          batch.length === 0
            ? []
            : await this.options.items.transitionAll(
                ['queued'],
                { state: 'hashing' },
                batch.map((i) => i.id),
              )
        if (claimed.length > 0) {
          await this.announce(claimed)
          const run: Promise<void> = this.runBatch(claimed, limits)
            .catch((thrown: unknown) => this.internalError(thrown, claimed))
            .finally(() => this.running.delete(run))
          this.running.add(run)
          continue
        }
        if (batch.length > 0) continue
        if (this.running.size > 0) {
          await Promise.race(this.running)
          continue
        }
        // start() was called while this loop was looking: look again before going idle.
        if (this.wasKicked()) continue
        // Nothing to send, but async verdicts are still owed: wait for them (or for new work).
        if (this.poller.hasTracked) this.ensurePolling()
        if (this.poller.running) {
          await new Promise<void>((resolve) => {
            this.wakePump = resolve
            void this.poller.whenStopped().then(resolve)
          })
          this.wakePump = null
          continue
        }
        // Nothing queued, nothing in flight: idle.
        this.setState('idle', null)
        break
      }
    } catch (thrown) {
      await this.internalError(thrown, [])
      if (this.state === 'running') this.setState('idle', null)
    } finally {
      this.pumping = false
    }
    if (this.state === 'running' && !this.closed) {
      this.pumpDone = this.pump()
      return
    }
    this.afterWork()
  }

  /** Called whenever work stops: wakes waiters once everything in flight is over. */
  private afterWork(): void {
    if (this.running.size > 0) {
      void Promise.all([...this.running]).then(() => {
        this.afterWork()
      })
      return
    }
    if (!this.isSettled()) return
    this.notifySettled()
    if (this.state === 'idle' && !this.closed) this.scheduleIdleClose()
  }

  private notifySettled(): void {
    const waiters = this.settledWaiters
    this.settledWaiters = []
    for (const resolve of waiters) resolve()
  }

  // --- one batch ------------------------------------------------------------------------------

  /**
   * One batch's signal, aborted with the service's. A batch hangs a listener on it per file being
   * hashed, per upload and per wait, which is more than Node's default warning threshold (10)
   * for a batch of 100: the cap is raised for this signal, and the link removed when it ends.
   */
  private async runBatch(items: readonly Item[], limits: ScanLimits): Promise<void> {
    const parent = this.controller.signal
    const batch = new AbortController()
    setMaxListeners(0, batch.signal)
    const onAbort = (): void => {
      batch.abort()
    }
    if (parent.aborted) batch.abort()
    else parent.addEventListener('abort', onAbort, { once: true })
    try {
      await this.runBatchWith(items, limits, batch.signal)
    } finally {
      parent.removeEventListener('abort', onAbort)
    }
  }

  private async runBatchWith(
    items: readonly Item[],
    limits: ScanLimits,
    signal: AbortSignal,
  ): Promise<void> {
    const first = items[0]
    if (first === undefined) return
    // Held for the whole batch: verdicts are cached under the key of the engine that judged
    // them, and a settings change meanwhile retires the engine only once this batch is done.
    const lease = await this.engines.lease(first.engine)
    try {
      await this.runBatchLeased(items, lease, limits, signal)
    } finally {
      lease.release()
    }
  }

  private async runBatchLeased(
    items: readonly Item[],
    lease: EngineLease,
    limits: ScanLimits,
    signal: AbortSignal,
  ): Promise<void> {
    const first = items[0]
    if (first === undefined) return
    const { scenes, bizType } = first
    const cacheEngine = lease.key

    // Hash, then answer what the cache already knows: an image judged before costs nothing.
    // A path that cannot be read as a regular file (a FIFO, a folder, gone) fails here, alone.
    const read = await Promise.all(items.map((item) => this.hashItem(item, signal)))
    if (aborted(signal)) return this.endAborted(items)
    const hashed: Hashed[] = []
    for (const entry of read) {
      if (entry.error === null) hashed.push(entry)
      else await this.retryOrFail(entry.item, entry.error)
    }
    const verdictKey = (sha256: string): VerdictKey => ({ sha256, engine: cacheEngine, bizType })
    let unanswered = await this.answerFromCache(hashed, verdictKey, scenes)

    // The same bytes already on their way in another batch: wait for that answer rather than
    // pay twice. Checked and claimed with no await in between, so a batch only ever waits for
    // batches that claimed earlier, and two batches can never wait for each other.
    const flightKey = (sha256: string) => JSON.stringify([cacheEngine, sha256, bizType, scenes])
    const others: Promise<void>[] = []
    const waiting: Hashed[] = []
    const claimedKeys: string[] = []
    const mine: Hashed[] = []
    for (const entry of unanswered) {
      const key = entry.sha256 === null ? null : flightKey(entry.sha256)
      const other = key === null || claimedKeys.includes(key) ? undefined : this.inFlight.get(key)
      if (other) {
        others.push(other.promise)
        waiting.push(entry)
        continue
      }
      if (key !== null && !claimedKeys.includes(key)) {
        this.inFlight.set(key, deferred())
        claimedKeys.push(key)
      }
      mine.push(entry)
    }
    try {
      if (waiting.length > 0) {
        await Promise.all(others)
        mine.push(...(await this.answerFromCache(waiting, verdictKey, scenes)))
      }
      unanswered = mine
      await this.sendBatch(unanswered, lease, scenes, bizType, verdictKey, limits, signal)
    } finally {
      for (const key of claimedKeys) {
        this.inFlight.get(key)?.resolve()
        this.inFlight.delete(key)
      }
    }
  }

  /**
   * An item's hash, or why its path is no file to read (a FIFO, a socket, a folder). Any other
   * failure leaves the hash unknown, as before: the engine reads the file itself and says what is
   * wrong with it (a missing file is no error for scenes the engine cannot judge anyway).
   */
  private async hashItem(
    item: Item,
    signal: AbortSignal,
  ): Promise<Hashed & { readonly error: AppError | null }> {
    if (item.sourceKind === 'url') return { item, sha256: null, error: null }
    try {
      return { item, sha256: await this.hashFile(item.source, signal), error: null }
    } catch (thrown) {
      const error = thrown instanceof FileReadError ? thrown.error : null
      return { item, sha256: null, error: error?.code === 'NOT_A_FILE' ? error : null }
    }
  }

  /** Finishes the items whose every scene is cached; returns the others. */
  private async answerFromCache(
    hashed: readonly Hashed[],
    verdictKey: (sha256: string) => VerdictKey,
    scenes: readonly Scene[],
  ): Promise<Hashed[]> {
    const rest: Hashed[] = []
    for (const entry of hashed) {
      const cached = entry.sha256
        ? await this.options.verdicts.lookup(verdictKey(entry.sha256), scenes)
        : []
      if (cached.length === scenes.length && cached.length > 0) {
        await this.finishFromCache(entry.item, entry.sha256, cached, scenes)
      } else rest.push(entry)
    }
    return rest
  }

  private async sendBatch(
    hashed: readonly Hashed[],
    lease: EngineLease,
    scenes: readonly Scene[],
    bizType: string | null,
    verdictKey: (sha256: string) => VerdictKey,
    limits: ScanLimits,
    signal: AbortSignal,
  ): Promise<void> {
    const groups = new Map<string, Group>()
    for (const { item, sha256 } of hashed) {
      // Twins in one batch (the same bytes under two names) are sent once.
      const groupKey = sha256 ?? `item:${String(item.id)}`
      const group = groups.get(groupKey)
      if (group) group.twins.push(item)
      else groups.set(groupKey, { leader: item, twins: [], sha256 })
    }
    if (groups.size === 0) return

    const sending: Item[] = []
    for (const { leader, twins, sha256 } of groups.values()) {
      for (const item of [leader, ...twins]) {
        const moved = await this.options.items.updateIf(item.id, ['hashing'], {
          state: 'scanning',
          sha256,
          dataId: String(item.id),
        })
        if (moved) sending.push(moved)
      }
    }
    await this.announce(sending)
    const live = new Set(sending.map((i) => i.id))
    const leaders = [...groups.values()].filter((g) => live.has(g.leader.id))
    if (leaders.length === 0) return

    const engine = await lease.engine()
    if (!engine.ok) return this.endWithError(sending, engine.error)
    if (leaders[0]?.leader.mode === 'async' && engine.value.async !== undefined) {
      const batch = { engineId: engine.value.id, scenes, bizType, live, sending, signal }
      return this.submitAsync(engine.value, engine.value.async, leaders, batch, limits)
    }
    const batch = { engineId: engine.value.id, scenes, bizType, live, sending, signal }
    return this.scanSync(engine.value, leaders, batch, limits, verdictKey)
  }

  private async scanSync(
    engine: ScanEngine,
    leaders: readonly Group[],
    batch: BatchContext,
    limits: ScanLimits,
    verdictKey: (sha256: string) => VerdictKey,
  ): Promise<void> {
    const { scenes, bizType, live, sending, signal } = batch
    const tasks = leaders.map(({ leader, sha256 }) => taskFor(leader, sha256))
    const run = await this.callEngine(engine, tasks.length, limits, signal, (pace) =>
      engine.scan(tasks, scenes, { bizType, signal, ...pace }),
    )
    if (aborted(signal)) return this.endAborted(sending)
    if (!run.ok) return this.endWithError(sending, run.error)

    const outcomes = new Map<string, TaskOutcome>(run.value.map((o) => [o.dataId, o]))
    for (const { leader, twins, sha256 } of leaders) {
      const outcome = outcomes.get(String(leader.id))
      const group = [leader, ...twins].filter((i) => live.has(i.id))
      if (outcome === undefined) {
        for (const item of group) await this.retryOrFail(item, NO_ANSWER)
        continue
      }
      if (!outcome.ok) {
        if (stopsQueue(outcome.error)) await this.stopQueue(group, outcome.error)
        else for (const item of group) await this.retryOrFail(item, outcome.error)
        continue
      }
      // The verdict belongs to the bytes the engine judged, never to a hash they do not have.
      if (sha256 !== null && outcome.sha256 !== undefined && outcome.sha256 !== sha256) {
        const changed = fileChangedError(basename(leader.source))
        for (const item of group) await this.retryOrFail(item, changed)
        continue
      }
      const judged = outcome.sha256 ?? sha256
      if (judged !== null) {
        await this.options.verdicts.store(
          verdictKey(judged),
          outcome.results,
          outcome.unsupported,
          outcome.taskId ?? null,
        )
      }
      for (const item of group) {
        const twin = item.id !== leader.id
        if (twin) this.stats.reused++
        await this.finish(item, {
          state: 'done',
          sha256: judged,
          results: outcome.results,
          unsupportedScenes: outcome.unsupported,
          taskId: outcome.taskId ?? null,
          sentUrl: outcome.sentUrl ?? null,
          error: null,
          note: twin
            ? itemNote('same-as-item', { item: String(leader.id) })
            : (outcome.note ?? null),
          scannedAt: Date.now(),
        })
      }
    }
  }

  private async finishFromCache(
    item: Item,
    sha256: string | null,
    cached: readonly CachedScene[],
    scenes: readonly Scene[],
  ): Promise<void> {
    const marked = await this.options.items.updateIf(item.id, ['hashing'], {
      state: 'cached',
      sha256,
    })
    if (!marked) return
    await this.announce([marked])
    const byScene = new Map(cached.map((c) => [c.scene, c]))
    const results: SceneResult[] = []
    const unsupported: Scene[] = []
    for (const scene of scenes) {
      const hit = byScene.get(scene)
      if (hit?.result) results.push(hit.result)
      else unsupported.push(scene)
    }
    this.stats.reused++
    await this.finish(marked, {
      state: 'done',
      results,
      unsupportedScenes: unsupported,
      taskId: cached.find((c) => c.taskId !== null)?.taskId ?? null,
      error: null,
      note: itemNote('cache-reused', {}),
      scannedAt: Date.now(),
    })
  }

  /**
   * One engine call (a sync scan or an async submission), paced for Green by the adaptive token
   * bucket counting images, retried per the retry policy, counted in the stats.
   */
  private async callEngine<T>(
    engine: ScanEngine,
    images: number,
    limits: ScanLimits,
    signal: AbortSignal,
    call: (pace: Pick<ScanOptions, 'pace'>) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const limiter = engine.id === 'green' ? this.limiterFor(limits.scanQps) : null
    // An engine that paces itself waits right before each request (after its uploads); for any
    // other the tokens are taken here, before the call.
    const pace: Pick<ScanOptions, 'pace'> =
      limiter && engine.pacesItself === true ? { pace: (n, s) => limiter.take(n, s) } : {}
    const run = await this.retryPolicy.run(
      async () => {
        if (limiter && pace.pace === undefined) {
          const taken = await limiter.take(images, signal)
          if (!taken.ok) return taken
        }
        this.stats.engineCalls++
        this.stats.tasksSent += images
        const answer = await call(pace)
        if (answer.ok) limiter?.succeeded(images)
        else if (answer.error.code === 'THROTTLED') this.stats.throttled++
        return answer
      },
      {
        signal,
        onRetry: (error) => {
          this.stats.retries++
          if (error.code === 'THROTTLED') limiter?.throttled()
        },
      },
    )
    return run.result
  }

  /**
   * Async mode (docs/green-api.md §6): each image is submitted, its taskId written to the store before
   * anything else happens (a crash after this point resumes polling, never pays again), and the
   * poller collects the verdict. An image whose twin is already submitted waits on that task.
   */
  private async submitAsync(
    engine: ScanEngine,
    api: AsyncScanning,
    leaders: readonly Group[],
    batch: BatchContext,
    limits: ScanLimits,
  ): Promise<void> {
    const { engineId, scenes, bizType, live, signal } = batch
    const toSend: Group[] = []
    for (const group of leaders) {
      const twin =
        group.sha256 === null
          ? undefined
          : await this.options.items.awaitingTwin(group.sha256, engineId, scenes, bizType)
      if (twin === undefined) toSend.push(group)
      else {
        await this.markSubmitted(
          group,
          live,
          {
            ok: true,
            dataId: String(group.leader.id),
            taskId: twin.taskId,
            note: itemNote('same-as-submitted', {}),
          },
          twin.submittedAt,
        )
      }
    }
    if (toSend.length > 0) {
      const tasks = toSend.map(({ leader, sha256 }) => taskFor(leader, sha256))
      const run = await this.callEngine(engine, tasks.length, limits, signal, (pace) =>
        api.submit(tasks, scenes, { bizType, signal, ...pace }),
      )
      const items = toSend.flatMap(groupItems(live))
      if (aborted(signal)) return this.endAborted(items)
      if (!run.ok) return this.endWithError(items, run.error)
      const outcomes = new Map<string, SubmitOutcome>(run.value.map((o) => [o.dataId, o]))
      const at = this.wallNow()
      for (const group of toSend) {
        const outcome = outcomes.get(String(group.leader.id))
        const members = groupItems(live)(group)
        if (outcome === undefined) {
          for (const item of members) await this.retryOrFail(item, NO_ANSWER)
        } else if (!outcome.ok) {
          if (stopsQueue(outcome.error)) await this.stopQueue(members, outcome.error)
          else for (const item of members) await this.retryOrFail(item, outcome.error)
        } else {
          this.stats.submitted++
          await this.markSubmitted(group, live, outcome, at)
        }
      }
    }
    this.ensurePolling()
  }

  private async markSubmitted(
    group: { leader: Item; twins: Item[] },
    live: ReadonlySet<number>,
    outcome: Extract<SubmitOutcome, { ok: true }>,
    submittedAt: number,
  ): Promise<void> {
    const moved: Item[] = []
    for (const item of groupItems(live)(group)) {
      const stored = await this.options.items.updateIf(item.id, ['scanning'], {
        state: 'submitted',
        taskId: outcome.taskId,
        ...(outcome.sentUrl !== undefined ? { sentUrl: outcome.sentUrl } : {}),
        ...(outcome.sha256 !== undefined ? { sha256: outcome.sha256 } : {}),
        submittedAt,
        note: outcome.note ?? null,
      })
      if (stored) moved.push(stored)
    }
    await this.announce(moved)
    if (moved.length > 0) this.poller.track(outcome.taskId, group.leader.engine, submittedAt)
  }

  /** An async verdict arrived: cached for the bytes, then every item waiting on it is done. */
  private async finishAsync(
    items: readonly Item[],
    outcome: Extract<PollOutcome, { status: 'done' }>,
  ): Promise<void> {
    const first = items[0]
    if (first === undefined) return
    if (first.sha256 !== null) {
      const engine = (await this.options.verdictEngineKey?.(first.engine)) ?? first.engine
      await this.options.verdicts.store(
        { sha256: first.sha256, engine, bizType: first.bizType },
        outcome.results,
        outcome.unsupported,
        outcome.taskId,
      )
    }
    for (const item of items) {
      await this.finish(item, {
        state: 'done',
        results: outcome.results,
        unsupportedScenes: outcome.unsupported,
        taskId: outcome.taskId,
        error: null,
        scannedAt: this.wallNow(),
      })
    }
  }

  /** Polls while async tasks are owed a verdict, unless an abort halted it until the next start. */
  private ensurePolling(): void {
    if (this.closed || this.pollingHalted) return
    void this.poller.start(this.controller.signal)
  }

  /** A request-level error after the retries: stop the queue, retry the items later, or fail them. */
  private async endWithError(items: readonly Item[], error: AppError): Promise<void> {
    if (error.code === 'CANCELLED') return this.endAborted(items)
    if (stopsQueue(error)) return this.stopQueue(items, error)
    for (const item of items) await this.retryOrFail(item, error)
  }

  /** Aborted: cancelled by the user, or back to the queue when the service is closing. */
  private async endAborted(items: readonly Item[]): Promise<void> {
    const patch: ItemPatch = this.closing
      ? { state: 'queued' }
      : { state: 'cancelled', error: CANCELLED }
    for (const item of items) await this.finish(item, patch)
  }

  /** Per-image retryable errors get a few tries through the queue; then the item fails. */
  private async retryOrFail(item: Item, error: AppError): Promise<void> {
    const tries = (this.attempts.get(item.id) ?? 0) + 1
    if (error.retryable && tries < (this.options.itemAttempts ?? 3)) {
      this.attempts.set(item.id, tries)
      const back = await this.options.items.updateIf(item.id, RUNNING_STATES, { state: 'queued' })
      if (back) await this.announce([back])
      return
    }
    await this.finish(item, {
      state: 'failed',
      error: error.retryable ? gaveUp(error, tries) : error,
    })
  }

  /**
   * Every further call would fail the same way (wrong key, no permission, no account): the items
   * go back to the queue untouched, the queue pauses with one error, announced once.
   */
  private async stopQueue(items: readonly Item[], error: AppError): Promise<void> {
    const back = await this.options.items.transitionAll(
      RUNNING_STATES,
      { state: 'queued' },
      items.map((i) => i.id),
    )
    await this.announce(back)
    const { code, message, retryable } = error
    if (this.state !== 'paused' || this.error === null) {
      this.setState('paused', { code, message, retryable })
    }
    // The next try must read the credentials again: the user is about to fix them.
    this.engines.retire(items[0]?.engine)
  }

  /**
   * The data folder failed (full, read-only, damaged): every further write would fail too, and
   * none of it is the images' fault. The queue pauses with that one error and no item is failed;
   * the items go back to the queue if the store still takes the write, else crash recovery puts
   * them back on the next start. Submitted async tasks stay submitted (they are paid for).
   */
  private async stopForStorage(items: readonly Item[], error: AppError): Promise<void> {
    if (this.state !== 'paused' || this.error === null) this.setState('paused', error)
    if (items.length === 0) return
    await this.options.items
      .transitionAll(
        RUNNING_STATES.filter((s) => s !== 'submitted' && s !== 'polling'),
        { state: 'queued' },
        items.map((i) => i.id),
      )
      .then((moved) => this.announce(moved))
      .catch(() => undefined)
  }

  /**
   * Writes a final (or requeued) state, if the item is still running, then announces it. A verdict
   * is corrected by any feedback given on the same image, and the suggestion is the one after it.
   */
  private async finish(item: Item, patch: ItemPatch): Promise<void> {
    if (patch.state === 'done' && patch.results !== undefined) {
      const subject = feedbackSubject({ ...item, sha256: patch.sha256 ?? item.sha256 })
      const feedback =
        subject === null
          ? null
          : ((await this.options.feedback?.lookup(subject, item.engine)) ?? null)
      patch = {
        ...patch,
        feedback,
        suggestion: suggestionAfterFeedback(patch.results, feedback),
      }
    }
    const stored = await this.options.items.updateIf(item.id, RUNNING_STATES, patch)
    if (!stored) return
    await this.announce([stored])
    if (stored.state !== 'queued') this.finished(stored)
  }

  private finished(item: Item): void {
    this.attempts.delete(item.id)
    for (const listener of this.itemListeners) {
      try {
        listener(item)
      } catch (thrown) {
        this.options.onInternalError?.(toAppError(thrown))
      }
    }
  }

  private announce(items: readonly Item[]): Promise<void> {
    if (items.length === 0) return Promise.resolve()
    this.options.events.itemsChanged(items)
    this.progressSoon()
    return Promise.resolve()
  }

  /**
   * Progress is a count over the whole table: one query per transition would cost O(items) each
   * time on a 10,000-item queue. One query per window says the same (hosts coalesce to ~10/s).
   */
  private progressSoon(): void {
    if (this.progressTimer !== undefined) return
    this.progressTimer = this.clock.setTimer(() => {
      this.progressTimer = undefined
      void this.sendProgress()
    }, PROGRESS_EVERY_MS)
    ;(this.progressTimer as { unref?: () => void } | undefined)?.unref?.()
  }

  private async sendProgress(): Promise<void> {
    try {
      this.options.events.progressChanged(await this.options.items.progress())
    } catch (thrown) {
      this.options.onInternalError?.(toAppError(thrown, 'DB'))
    }
  }

  private setState(state: QueueStatus['state'], error: AppError | null): void {
    this.state = state
    this.error = error
    const status = this.status()
    this.options.events.queueChanged?.(status)
    for (const listener of this.statusListeners) listener(status)
  }

  /** A bug here must not strand items mid-flight: they go back to the queue, the host logs it. */
  private async internalError(thrown: unknown, items: readonly Item[]): Promise<void> {
    this.options.onInternalError?.(toAppError(thrown))
    const storage = storageErrorOf(thrown)
    if (storage !== null) return this.stopForStorage(items, storage)
    if (items.length === 0) return
    await this.options.items
      .transitionAll(
        RUNNING_STATES,
        { state: 'failed', error: toAppError(thrown, 'INTERNAL') },
        items.map((i) => i.id),
      )
      .then((moved) => this.announce(moved))
      .catch(() => undefined)
  }

  // --- engines and pacing ---------------------------------------------------------------------

  private async closeEngines(): Promise<void> {
    await this.engines.closeAll()
  }

  private limiterFor(qps: number): AdaptiveRateLimiter {
    if (this.limiter?.maxRatePerSecond !== qps) {
      // Recovery counted per image, not per request: batch size does not change how fast the
      // rate climbs back after a 588 (1% of the ceiling per ten images accepted).
      this.limiter = new AdaptiveRateLimiter({
        maxRatePerSecond: qps,
        increasePerSuccess: qps * 0.001,
        clock: this.clock,
      })
    }
    return this.limiter
  }

  private scheduleIdleClose(): void {
    this.clearIdleTimer()
    if (this.engines.size === 0) return
    this.idleTimer = this.clock.setTimer(() => {
      this.idleTimer = undefined
      if (this.state !== 'idle' || this.running.size > 0) return
      void this.closeEngines()
    }, this.options.idleCloseMs ?? 60_000)
    ;(this.idleTimer as { unref?: () => void } | undefined)?.unref?.()
  }

  private clearIdleTimer(): void {
    if (this.idleTimer === undefined) return
    this.clock.clearTimer(this.idleTimer)
    this.idleTimer = undefined
  }
}

/**
 * The engine task for an item: URLs are sent as they are, files (and stored bytes) by path, with
 * the hash they were looked up under, so an engine that reads other bytes says so.
 */
function taskFor(item: Item, sha256: string | null): ScanTask {
  return {
    dataId: String(item.id),
    input:
      item.sourceKind === 'url'
        ? { kind: 'url', url: item.source }
        : { kind: 'file', path: item.source },
    ...(sha256 !== null ? { sha256 } : {}),
  }
}

/** A leader and its twins still running in this batch. */
function groupItems(live: ReadonlySet<number>) {
  return (group: { leader: Item; twins: Item[] }): Item[] =>
    [group.leader, ...group.twins].filter((i) => live.has(i.id))
}

/** Read through a call: the signal flips while we await, which narrowing cannot see. */
function aborted(signal: AbortSignal): boolean {
  return signal.aborted
}
