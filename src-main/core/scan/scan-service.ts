import type { EngineId, Item } from '../../../src-shared/domain'
import type { QueueStatus } from '../../../src-shared/ipc'
import type { AppError, Result } from '../../../src-shared/result'
import { EngineRegistry } from '../engines/engine-registry'
import type { ScanEngine } from '../engines/scan-engine'
import { sha256File } from '../media/hash-file'
import { systemClock, type Clock } from '../pacing/rate-limiter'
import type { RetryPolicyOptions } from '../pacing/retry-policy'
import type { QueueStore } from '../store/ports/queue-store'
import { isStorageError } from '../store/storage-error'
import type { VerdictCache } from '../store/ports/verdict-cache'
import { AsyncPoller, type PollSchedule, type PollStats } from './async-poller'
import { reclaimLeased } from './lease-keeper'
import { BatchRunner } from './batch-runner'
import { EngineCaller } from './engine-call'
import { ItemOutcomes } from './item-outcomes'
import { ProgressReporter } from './progress-reporter'
import { finishAsync } from './send-async'
import type { SendContext } from './send-context'
import { ScanListeners } from './scan-listeners'
import {
  CANCELLED,
  type FeedbackLookup,
  type ScanLimits,
  type ScanListener,
  type ScanOverrides,
  type ScanStats,
} from './scan-types'

export type { ScanLimits, ScanListener, ScanOverrides, ScanStats } from './scan-types'

export interface ScanServiceOptions {
  readonly items: QueueStore
  readonly verdicts: VerdictCache
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
  readonly feedback?: FeedbackLookup
}

/**
 * The scan queue's facade (docs/architecture.md §4): the single place items move through their
 * states, and the scan package's one public entry. It owns the queue's state and lifecycle and
 * the pump that claims queued items in batches of one (engine, scenes, bizType); a batch runs in
 * batch-runner.ts (hashing, the verdict cache, in-flight dedupe), is sent by send-sync.ts or
 * send-async.ts (paced and retried by engine-call.ts), and ends in item-outcomes.ts (done,
 * retry or fail, stop the queue). Every transition is written to the store before it is
 * announced through on().
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
  private settledWaiters: (() => void)[] = []
  private idleTimer: unknown = undefined
  private overrides: ScanOverrides = {}
  private recovered = false
  private pumpDone: Promise<void> = Promise.resolve()
  /** Set by an abort: async tasks are not polled again until the next start. */
  private pollingHalted = false
  /** Wakes the pump while it waits on the poller (new work, or the poller stopped). */
  private wakePump: (() => void) | null = null

  private readonly clock: Clock
  private readonly listeners: ScanListeners
  private readonly progress: ProgressReporter
  private readonly engines: EngineRegistry
  private readonly caller: EngineCaller
  private readonly outcomes: ItemOutcomes
  private readonly batches: BatchRunner
  private readonly poller: AsyncPoller

  constructor(private readonly options: ScanServiceOptions) {
    this.clock = options.clock ?? systemClock
    const onInternalError = (error: AppError) => options.onInternalError?.(error)
    const wallNow = options.wallNow ?? Date.now
    const engineKey = async (id: EngineId) => (await options.verdictEngineKey?.(id)) ?? id
    this.listeners = new ScanListeners(onInternalError)
    const emit = this.listeners.emit.bind(this.listeners)
    this.progress = new ProgressReporter(options.items, this.clock, emit, onInternalError)
    this.engines = new EngineRegistry(
      (id) => (this.overrides.createEngine ?? this.options.createEngine)(id),
      engineKey,
    )
    this.caller = new EngineCaller(this.clock, options.retry, this.stats)
    this.outcomes = new ItemOutcomes({
      items: options.items,
      feedback: options.feedback,
      itemAttempts: options.itemAttempts,
      announce: (items) => this.announce(items),
      finished: (item) => {
        emit({ type: 'finished', item })
      },
      stop: (error) => {
        if (this.state !== 'paused' || this.error === null) this.setState('paused', error)
      },
      closing: () => this.closing,
      retireEngine: (id) => {
        this.engines.retire(id)
      },
      onInternalError,
    })
    const send: SendContext = {
      items: options.items,
      verdicts: options.verdicts,
      outcomes: this.outcomes,
      caller: this.caller,
      stats: this.stats,
      wallNow,
      announce: (items) => this.announce(items),
      verdictEngineKey: engineKey,
      track: (taskId, engine, submittedAt) => {
        this.poller.track(taskId, engine, submittedAt)
      },
      ensurePolling: () => {
        this.ensurePolling()
      },
    }
    this.batches = new BatchRunner({
      send,
      verdicts: options.verdicts,
      engines: this.engines,
      hashFile: options.hashFile ?? sha256File,
    })
    this.poller = new AsyncPoller(
      {
        items: options.items,
        clock: this.clock,
        wallNow,
        engine: (id) => this.engines.current(id),
        done: (items, outcome) => finishAsync(send, items, outcome),
        failed: async (items, error) => {
          for (const item of items) await this.outcomes.retryOrFail(item, error)
          if (items.length > 0) this.start()
        },
        stop: (error) => this.outcomes.stopQueue([], error),
        announce: (items) => this.announce(items),
        onInternalError: (error) => {
          onInternalError(error)
          if (isStorageError(error)) void this.outcomes.stopForStorage([], error)
        },
      },
      options.pollSchedule,
    )
  }

  /** Async polling figures, for tests, benchmarks and the CLI summary. */
  get pollStats(): PollStats {
    return this.poller.stats
  }

  /** Green's paced rate right now, in images per second (undefined before the first Green call). */
  get sendRate(): number | undefined {
    return this.caller.sendRate
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

  /** The one way to hear from the queue: items, progress, status, and each finished item. */
  on(listener: ScanListener): () => void {
    return this.listeners.on(listener)
  }

  /**
   * After a crash: items caught mid-flight whose lease ran out go back to the queue, and async
   * tasks nobody polls are adopted, so this run completes them. Finished items are untouched.
   */
  async recover(): Promise<number> {
    this.recovered = true
    // Only what a lease no longer covers comes back (docs/architecture.md §4, "Leases").
    return reclaimLeased(this.options.items, (this.options.wallNow ?? Date.now)(), {
      announce: (items) => this.announce(items),
      adoptTasks: () => (this.poller.running ? this.poller.adopt() : Promise.resolve(0)),
    })
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
    for (const item of cancelled) this.outcomes.finished(item)
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

  /**
   * The failed items named go back to the queue, error cleared, with a fresh set of tries. Named,
   * never "all": which failures a retry can fix is scan/retry-failed.ts's to choose.
   */
  async retryFailed(ids: readonly number[]): Promise<QueueStatus> {
    return this.requeue('failed', ids)
  }

  /** Cancelled items go back to the queue: a cancel is never final. */
  async requeueCancelled(): Promise<QueueStatus> {
    return this.requeue('cancelled')
  }

  private async requeue(
    from: 'failed' | 'cancelled',
    ids?: readonly number[],
  ): Promise<QueueStatus> {
    const moved = await this.options.items.transitionAll(
      [from],
      { state: 'queued', error: null },
      ids,
    )
    for (const item of moved) this.outcomes.forget(item.id)
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
    // The last count goes out before the store closes.
    await this.progress.flush()
    await this.engines.closeAll()
    this.state = 'idle'
    this.notifySettled()
  }

  // --- the pump -------------------------------------------------------------------------------

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
          const run: Promise<void> = this.batches
            .run(claimed, limits, this.controller.signal)
            .catch((thrown: unknown) => this.outcomes.internalError(thrown, claimed))
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
      await this.outcomes.internalError(thrown, [])
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

  /** Polls while async tasks are owed a verdict, unless an abort halted it until the next start. */
  private ensurePolling(): void {
    if (this.closed || this.pollingHalted) return
    void this.poller.start(this.controller.signal)
  }

  private announce(items: readonly Item[]): Promise<void> {
    if (items.length === 0) return Promise.resolve()
    this.listeners.emit({ type: 'items', items })
    this.progress.soon()
    return Promise.resolve()
  }

  private setState(state: QueueStatus['state'], error: AppError | null): void {
    this.state = state
    this.error = error
    this.listeners.emit({ type: 'status', status: this.status() })
  }

  // --- idle engines ---------------------------------------------------------------------------

  private scheduleIdleClose(): void {
    this.clearIdleTimer()
    if (this.engines.size === 0) return
    this.idleTimer = this.clock.setTimer(() => {
      this.idleTimer = undefined
      if (this.state !== 'idle' || this.running.size > 0) return
      void this.engines.closeAll()
    }, this.options.idleCloseMs ?? 60_000)
    ;(this.idleTimer as { unref?: () => void } | undefined)?.unref?.()
  }

  private clearIdleTimer(): void {
    if (this.idleTimer === undefined) return
    this.clock.clearTimer(this.idleTimer)
    this.idleTimer = undefined
  }
}
