import type { EngineId, Item } from '../../../src-shared/domain'
import { appError, toAppError, type AppError, type Result } from '../../../src-shared/result'
import type { QueueStore } from '../store/ports/queue-store'
import { TokenBucket, type Clock } from '../pacing/rate-limiter'
import { stopsQueue } from '../pacing/retry-policy'
import type { PollOutcome, ScanEngine } from '../engines/scan-engine'

/**
 * How often to ask about a task that answers 280. Green suggests a few seconds (docs/green-api.md §6)
 * and keeps results for one hour: the first ask comes soon (most images take seconds), later ones
 * back off so a slow batch is not polled hard, and the cap keeps every task asked about many
 * times within its hour.
 */
export interface PollSchedule {
  readonly firstMs: number
  readonly factor: number
  readonly maxMs: number
  /** Green keeps async results this long after submission. */
  readonly retentionMs: number
  /** `/green/image/results` requests per second at most (each asks about up to 100 tasks). */
  readonly requestsPerSecond: number
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
  firstMs: 2_000,
  factor: 1.5,
  maxMs: 30_000,
  retentionMs: 60 * 60 * 1000,
  requestsPerSecond: 10,
}

/** What the poller needs from the scan service: it owns no item transitions of its own but one. */
export interface AsyncPollerHost {
  readonly items: Pick<QueueStore, 'awaitingTasks' | 'awaitingTask' | 'transitionAll'>
  readonly clock: Clock
  /** Epoch ms, for the one-hour window (submission times are stored as epoch ms). */
  readonly wallNow: () => number
  engine(id: EngineId): Promise<Result<ScanEngine>>
  /** Every item waiting on the task gets the verdict. */
  done(items: readonly Item[], outcome: Extract<PollOutcome, { status: 'done' }>): Promise<void>
  /** A per-task failure: each item is retried (resubmitted) or failed, as the error says. */
  failed(items: readonly Item[], error: AppError): Promise<void>
  /** An error every poll would hit (auth): the queue stops; the tasks stay for later. */
  stop(error: AppError): Promise<void>
  announce(items: readonly Item[]): Promise<void>
  onInternalError(error: AppError): void
}

interface Tracked {
  readonly taskId: string
  readonly engine: EngineId
  readonly submittedAt: number
  nextAt: number
  delayMs: number
}

export interface PollStats {
  /** Results requests sent. */
  polls: number
  /** Answers that said "still processing" (280), per task. */
  pending: number
  /** Results requests that failed and were tried again later. */
  retries: number
}

const EXPIRED = (error: AppError): AppError =>
  appError(
    'TASK_EXPIRED',
    'Green no longer had this async result (it keeps them one hour), so the image is submitted again.',
    true,
    error.params?.greenCode === undefined ? undefined : { greenCode: error.params.greenCode },
  )

const NOT_FINISHED = appError(
  'TASK_EXPIRED',
  'Green had not finished this image an hour after it was submitted, and keeps results no longer. It is submitted again.',
  true,
)

/**
 * Collects async verdicts (docs/architecture.md §4: submitted -> polling -> done). Tasks come from the
 * store when it starts (so a restart resumes polling) and from `track` as they are submitted. Due
 * tasks are asked about in groups of up to 100 per request; each task that is still processing
 * waits longer before the next ask. A wait is one timer, never a busy loop.
 */
export class AsyncPoller {
  readonly stats: PollStats = { polls: 0, pending: 0, retries: 0 }
  private readonly tracked = new Map<string, Tracked>()
  private readonly bucket: TokenBucket
  private loop: Promise<void> | null = null
  private wake: (() => void) | null = null

  constructor(
    private readonly host: AsyncPollerHost,
    private readonly schedule: PollSchedule = DEFAULT_POLL_SCHEDULE,
  ) {
    this.bucket = new TokenBucket({ ratePerSecond: schedule.requestsPerSecond, clock: host.clock })
  }

  get running(): boolean {
    return this.loop !== null
  }

  /** Tasks known to be owed a verdict (a loop that ended just as one arrived leaves it here). */
  get hasTracked(): boolean {
    return this.tracked.size > 0
  }

  /** Resolves when the loop has stopped (nothing left, aborted, or stopped on an error). */
  whenStopped(): Promise<void> {
    return this.loop ?? Promise.resolve()
  }

  /** A task just submitted: first asked about after `firstMs`. */
  track(taskId: string, engine: EngineId, submittedAt: number): void {
    if (this.tracked.has(key(engine, taskId))) return
    this.tracked.set(key(engine, taskId), {
      taskId,
      engine,
      submittedAt,
      nextAt: this.host.clock.now() + this.schedule.firstMs,
      delayMs: this.schedule.firstMs,
    })
    this.wake?.()
  }

  /** Every known task is asked about at the next turn (polling resumed after a pause). */
  askAllNow(): void {
    const now = this.host.clock.now()
    for (const task of this.tracked.values()) task.nextAt = now
    this.wake?.()
  }

  /** Starts the loop unless it runs; it ends by itself when no task is left. */
  start(signal: AbortSignal): Promise<void> {
    this.loop ??= this.run(signal)
      .catch((thrown: unknown) => {
        this.host.onInternalError(toAppError(thrown))
      })
      .finally(() => {
        this.loop = null
      })
    return this.loop
  }

  /**
   * Takes on the tasks the store owes a verdict that no live process polls (after a restart, or
   * a dead process's once its lease ran out: the store hands over only those, see
   * QueueStore.awaitingTasks): each is asked about at once. Returns how many were new here.
   */
  async adopt(): Promise<number> {
    let added = 0
    for (const task of await this.host.items.awaitingTasks()) {
      if (!this.tracked.has(key(task.engine, task.taskId))) {
        this.tracked.set(key(task.engine, task.taskId), {
          ...task,
          nextAt: this.host.clock.now(),
          delayMs: this.schedule.firstMs,
        })
        added++
      }
    }
    if (added > 0) this.wake?.()
    return added
  }

  private async run(signal: AbortSignal): Promise<void> {
    await this.adopt()
    while (!signal.aborted && this.tracked.size > 0) {
      const now = this.host.clock.now()
      const due = [...this.tracked.values()].filter((t) => t.nextAt <= now)
      if (due.length === 0) {
        const next = Math.min(...[...this.tracked.values()].map((t) => t.nextAt))
        await this.sleep(next - now, signal)
        continue
      }
      const stopped = await this.pollDue(due, signal)
      if (stopped) return
    }
  }

  /** Asks about every due task, engine by engine, in chunks. True when the queue must stop. */
  private async pollDue(due: readonly Tracked[], signal: AbortSignal): Promise<boolean> {
    const byEngine = new Map<EngineId, Tracked[]>()
    for (const task of due) byEngine.set(task.engine, [...(byEngine.get(task.engine) ?? []), task])
    for (const [engineId, tasks] of byEngine) {
      const engine = await this.host.engine(engineId)
      if (!engine.ok) {
        if (stopsQueue(engine.error)) {
          await this.host.stop(engine.error)
          return true
        }
        for (const task of tasks) this.backOff(task)
        continue
      }
      const api = engine.value.async
      if (api === undefined) {
        // An engine that cannot poll (should not happen): those items are scanned again.
        for (const task of tasks) await this.settle(task, failedFor(task, noPolling(engineId)))
        continue
      }
      for (let start = 0; start < tasks.length; start += api.maxPollBatch) {
        const chunk = tasks.slice(start, start + api.maxPollBatch)
        const taken = await this.bucket.take(1, signal)
        if (!taken.ok || signal.aborted) return false
        this.stats.polls++
        const answer = await api.poll(
          chunk.map((t) => t.taskId),
          { signal },
        )
        if (isAborted(signal)) return false
        if (!answer.ok) {
          if (stopsQueue(answer.error)) {
            await this.host.stop(answer.error)
            return true
          }
          if (answer.error.retryable) {
            this.stats.retries++
            for (const task of chunk) this.backOff(task)
            continue
          }
          for (const task of chunk) await this.settle(task, failedFor(task, answer.error))
          continue
        }
        for (const outcome of answer.value) {
          const task = this.tracked.get(key(engineId, outcome.taskId))
          if (task !== undefined) await this.settle(task, outcome)
        }
      }
    }
    return false
  }

  /** Applies one task's answer to the items waiting on it. */
  private async settle(task: Tracked, outcome: PollOutcome): Promise<void> {
    const items = await this.host.items.awaitingTask(task.taskId, task.engine)
    if (items.length === 0) {
      // Cancelled or retried meanwhile: nobody is waiting any more.
      this.tracked.delete(key(task.engine, task.taskId))
      return
    }
    switch (outcome.status) {
      case 'pending': {
        this.stats.pending++
        if (this.host.wallNow() - task.submittedAt >= this.schedule.retentionMs) {
          this.tracked.delete(key(task.engine, task.taskId))
          await this.host.failed(items, NOT_FINISHED)
          return
        }
        const asked = await this.host.items.transitionAll(
          ['submitted'],
          { state: 'polling' },
          items.map((i) => i.id),
        )
        await this.host.announce(asked)
        this.backOff(task)
        return
      }
      case 'done':
        this.tracked.delete(key(task.engine, task.taskId))
        await this.host.done(items, outcome)
        return
      case 'failed':
        this.tracked.delete(key(task.engine, task.taskId))
        await this.host.failed(
          items,
          outcome.error.code === 'TASK_EXPIRED' ? EXPIRED(outcome.error) : outcome.error,
        )
        return
    }
  }

  private backOff(task: Tracked): void {
    task.delayMs = Math.min(this.schedule.maxMs, task.delayMs * this.schedule.factor)
    task.nextAt = this.host.clock.now() + task.delayMs
  }

  /** Waits `ms`, or less if a new task arrives or the signal aborts. */
  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.host.clock.clearTimer(timer)
        signal.removeEventListener('abort', done)
        this.wake = null
        resolve()
      }
      // Not unref'd: in the CLI this wait is what keeps the process alive until the verdicts come.
      const timer = this.host.clock.setTimer(done, Math.max(0, ms))
      signal.addEventListener('abort', done, { once: true })
      this.wake = done
    })
  }
}

/** Read through a call: the signal flips while we await, which narrowing cannot see. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted
}

function key(engine: EngineId, taskId: string): string {
  return `${engine}\u0000${taskId}`
}

function failedFor(task: Tracked, error: AppError): PollOutcome {
  return { status: 'failed', taskId: task.taskId, error }
}

function noPolling(engine: EngineId): AppError {
  return appError(
    'ENGINE_FAILED',
    `The ${engine} engine cannot collect async results. The image will be scanned again.`,
    true,
  )
}
