import {
  ACCOUNT_ERROR_CODES,
  appError,
  err,
  type AppError,
  type ErrorCode,
  type Result,
} from '../../../src-shared/result'
import { systemClock, type Clock } from './rate-limiter'

/**
 * Errors after which every further call fails the same way: the queue pauses and the user is told
 * once, instead of every item failing (or the account being hammered with a bad key).
 */
const QUEUE_STOPPING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(
  // The keychain is not asked during a scan: the key was read when the engine was made.
  ACCOUNT_ERROR_CODES.filter((code) => code !== 'KEYCHAIN_UNAVAILABLE'),
)

/**
 * True when this error should pause the whole queue. Also honours an explicit
 * `stopsQueue: true` on the error (the Green client's GreenError sets it, e.g. for a wrong
 * endpoint), so the two never disagree.
 */
export function stopsQueue(error: AppError): boolean {
  if ((error as { stopsQueue?: unknown }).stopsQueue === true) return true
  return QUEUE_STOPPING_CODES.has(error.code)
}

/** What the scan service does with a failed call. */
export type FailureAction = 'retry' | 'fail-item' | 'stop-queue'

export function failureAction(error: AppError): FailureAction {
  if (stopsQueue(error)) return 'stop-queue'
  return error.retryable ? 'retry' : 'fail-item'
}

export interface RetryPolicyOptions {
  /** Total tries, the first included. Default 4. */
  readonly attempts?: number
  /** The backoff cap before jitter for the first retry; it doubles each retry. Default 500 ms. */
  readonly baseDelayMs?: number
  /** Largest backoff. Default 20 s. */
  readonly maxDelayMs?: number
  /** Returns [0, 1); injected so tests pick the jitter. */
  readonly random?: () => number
  readonly clock?: Clock
}

export const DEFAULT_RETRY: Required<Omit<RetryPolicyOptions, 'random' | 'clock'>> = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
}

/**
 * "Full jitter" (AWS architecture blog): a uniform delay in [0, min(max, base * 2^(retry-1))).
 * Spreads the retries of many clients that failed together instead of having them return in
 * lockstep, which is what a 588 burst needs.
 */
export function backoffDelay(
  retry: number,
  options: RetryPolicyOptions = {},
  random: () => number = options.random ?? Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs
  const ceiling = Math.min(max, base * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}

export interface RetryRun<T> {
  /** The first success, or the last error (CANCELLED when aborted between tries). */
  readonly result: Result<T>
  /** Calls actually made. */
  readonly attempts: number
}

export interface RetryHooks {
  readonly signal?: AbortSignal
  /** Observes each retry before its wait (for logs, progress and the adaptive limiter). */
  readonly onRetry?: (error: AppError, attempt: number, delayMs: number) => void
}

/**
 * Bounded retries: calls `call` until it succeeds, fails with an error that is not retryable (or
 * stops the queue), or runs out of attempts; then gives up with the last error. Aborting the
 * signal stops the waiting at once and ends with CANCELLED; it never starts another call.
 */
export class RetryPolicy {
  private readonly attempts: number
  private readonly random: () => number
  private readonly clock: Clock

  constructor(private readonly options: RetryPolicyOptions = {}) {
    this.attempts = Math.max(1, Math.floor(options.attempts ?? DEFAULT_RETRY.attempts))
    this.random = options.random ?? Math.random
    this.clock = options.clock ?? systemClock
  }

  async run<T>(
    call: (attempt: number) => Promise<Result<T>>,
    hooks: RetryHooks = {},
  ): Promise<RetryRun<T>> {
    const { signal } = hooks
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted === true) return { result: err(cancelled()), attempts: attempt - 1 }
      const result = await call(attempt)
      if (result.ok) return { result, attempts: attempt }
      if (failureAction(result.error) !== 'retry' || attempt >= this.attempts) {
        return { result, attempts: attempt }
      }
      const delay = backoffDelay(attempt, this.options, this.random)
      hooks.onRetry?.(result.error, attempt, delay)
      if (!(await this.wait(delay, signal))) return { result: err(cancelled()), attempts: attempt }
    }
  }

  /** Resolves true after `ms`, or false as soon as the signal aborts. */
  private wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve(false)
        return
      }
      const onAbort = (): void => {
        this.clock.clearTimer(timer)
        resolve(false)
      }
      const timer = this.clock.setTimer(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve(true)
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}

function cancelled(): AppError {
  return appError('CANCELLED', 'Cancelled before the next retry.')
}

/**
 * A transient error that outlasted every try: its message promised a retry, so it now says the
 * tries are over and how to try again (the code and details stay).
 */
export function gaveUp(error: AppError, tries: number): AppError {
  const stripped = error.message
    .replace(/[.;,]?\s*(It|The image) will be (retried|submitted again|scanned again)/i, '')
    .trim()
  // Whatever was cut, the sentence before it ends with a full stop.
  const base = /[.!?)]$/.test(stripped) ? stripped : `${stripped}.`
  return {
    ...error,
    message: `${base} Gave up after ${String(tries)} tries: use Retry failed, or run the same scan again, to try once more.`,
  }
}
