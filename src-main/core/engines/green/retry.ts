import type { GreenError } from './green-errors'
import type { GreenResult } from './green-client'

export interface RetryOptions {
  /** Total tries, first one included. */
  readonly attempts?: number
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  readonly signal?: AbortSignal
  readonly random?: () => number
  /** Observes each retry (for logs and tests). */
  readonly onRetry?: (error: GreenError, attempt: number, delayMs: number) => void
}

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve(false)
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * A small bounded retry for one Green call: retries only retryable errors (588, 5xx/58x,
 * network, timeouts), with full-jitter exponential backoff. The scan service has its own
 * scheduler; this serves single calls (uploads, polling, credentials, the CLI).
 */
export async function withRetry<T>(
  call: () => Promise<GreenResult<T>>,
  options: RetryOptions = {},
): Promise<GreenResult<T>> {
  const attempts = Math.max(1, options.attempts ?? 4)
  const base = options.baseDelayMs ?? 250
  const max = options.maxDelayMs ?? 5_000
  const random = options.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    const result = await call()
    if (result.ok || !result.error.retryable || attempt >= attempts) return result
    if (options.signal?.aborted === true) return result
    const delay = Math.round(random() * Math.min(max, base * 2 ** (attempt - 1)))
    options.onRetry?.(result.error, attempt, delay)
    if (!(await sleep(delay, options.signal))) return result
  }
}
