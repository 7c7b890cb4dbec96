import { appError, err, ok, type Result } from '../../../src-shared/result'

/**
 * Time as the limiter and the retry policy see it. Injected so tests (and simulations) move time
 * by hand instead of sleeping.
 */
export interface Clock {
  now(): number
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  },
}

/**
 * A clock that only moves when told to. `advance` fires due timers in time order and lets the
 * promise continuations they trigger run before moving on, so async code under test behaves as if
 * that much real time had passed.
 */
export class ManualClock implements Clock {
  private time = 0
  private nextId = 1
  private readonly timers = new Map<number, { at: number; callback: () => void }>()
  /** How many timers were ever set: proves a wait is one timer, not a polling loop. */
  timersSet = 0

  now(): number {
    return this.time
  }

  setTimer(callback: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timersSet++
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback })
    return id
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  get pendingTimers(): number {
    return this.timers.size
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms
    await settle()
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined
      for (const entry of this.timers) {
        if (entry[1].at <= target && (next === undefined || entry[1].at < next[1].at)) next = entry
      }
      if (next === undefined) break
      this.timers.delete(next[0])
      this.time = next[1].at
      next[1].callback()
      await settle()
    }
    this.time = target
    await settle()
  }
}

/** Lets every pending promise continuation run (a macrotask turn, with no real waiting). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export interface TokenBucketOptions {
  /** Tokens (images) added per second. */
  readonly ratePerSecond: number
  /**
   * Most tokens that can pile up while idle, i.e. the largest burst. Defaults to 1: Green counts
   * images in a sliding one-second window (docs/green-api.md §4.6), so any burst above the steady pace
   * risks a 588. A take larger than the capacity is still served, by borrowing (see `take`).
   */
  readonly capacity?: number
  readonly clock?: Clock
}

const MAX_TIMER_MS = 2 ** 31 - 1

interface Waiter {
  readonly n: number
  readonly resolve: (result: Result<void>) => void
  readonly signal: AbortSignal | undefined
  readonly onAbort: () => void
}

/**
 * A token bucket counting images: a 10-task request takes 10 tokens. Waiters are served in
 * arrival order (a large batch is never starved by small ones), and a wait is a single timer for
 * exactly the missing time, never a polling loop.
 */
export class TokenBucket {
  private readonly clock: Clock
  private readonly capacity: number
  private ratePerMs: number
  private tokens: number
  private lastRefill: number
  private readonly waiters: Waiter[] = []
  private timer: unknown = undefined

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive')
    this.clock = options.clock ?? systemClock
    this.capacity = Math.max(1, options.capacity ?? 1)
    this.ratePerMs = options.ratePerSecond / 1000
    this.tokens = this.capacity
    this.lastRefill = this.clock.now()
  }

  get ratePerSecond(): number {
    return this.ratePerMs * 1000
  }

  /** Changes the refill rate from now on; tokens earned so far are kept. */
  setRate(ratePerSecond: number): void {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive')
    this.refill()
    this.ratePerMs = ratePerSecond / 1000
    this.reschedule()
  }

  /** Tokens available now; negative while a large take is being paid back. */
  available(): number {
    this.refill()
    return this.tokens
  }

  /** Forgets any saved-up burst, e.g. right after the service said we were too fast. */
  drain(): void {
    this.refill()
    this.tokens = Math.min(this.tokens, 0)
  }

  /**
   * Resolves when `n` tokens are taken, or with a CANCELLED error if `signal` aborts first (the
   * tokens are then not taken). A take larger than the capacity waits for a full bucket and
   * leaves it in debt, so the long-run rate still holds and the batch size is never capped.
   */
  take(n: number, signal?: AbortSignal): Promise<Result<void>> {
    if (!(n > 0)) return Promise.resolve(ok(undefined))
    if (signal?.aborted === true) return Promise.resolve(err(cancelled()))
    return new Promise((resolve) => {
      const waiter: Waiter = {
        n,
        resolve,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter)
          if (index < 0) return
          this.waiters.splice(index, 1)
          resolve(err(cancelled()))
          // The head may have changed: whoever is first now gets a timer of its own.
          this.reschedule()
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.waiters.push(waiter)
      this.pump()
    })
  }

  private refill(): void {
    const now = this.clock.now()
    const elapsed = Math.max(0, now - this.lastRefill)
    this.lastRefill = now
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerMs)
  }

  private pump(): void {
    this.refill()
    for (;;) {
      const head = this.waiters[0]
      if (head === undefined) break
      if (this.tokens + 1e-9 < Math.min(head.n, this.capacity)) break
      this.waiters.shift()
      this.tokens -= head.n
      head.signal?.removeEventListener('abort', head.onAbort)
      head.resolve(ok(undefined))
    }
    this.reschedule()
  }

  private reschedule(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimer(this.timer)
      this.timer = undefined
    }
    const head = this.waiters[0]
    if (head === undefined) return
    this.refill()
    const missing = Math.min(head.n, this.capacity) - this.tokens
    // Capped at setTimeout's limit, beyond which Node fires after 1 ms (a busy loop).
    const waitMs = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(missing / this.ratePerMs)))
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined
      this.pump()
    }, waitMs)
  }
}

function cancelled() {
  return appError('CANCELLED', 'Cancelled while waiting for the rate limit.')
}

export interface AdaptiveRateOptions {
  /** The configured ceiling, images per second (`--qps`). */
  readonly maxRatePerSecond: number
  /** The floor the rate never drops below. Default: 2% of the ceiling, at most 1/s. */
  readonly minRatePerSecond?: number
  /** Multiplier applied on throttling below the ceiling (the quota is lower than --qps). Default 0.7. */
  readonly decreaseFactor?: number
  /**
   * Multiplier for a 588 that arrives while the rate is at the (paced) ceiling. Default 0.9.
   * Green counts arrivals in a sliding one-second window, and requests paced at the quota arrive
   * jittered (an upload that took longer, the first call's credential fetch), so now and then
   * one lands early and trips it. That says nothing about the quota being lower, and a 30% cut
   * costs ~7 s under full speed to climb back (bench-scan.ts --debug: two such 588s per 500
   * images, ~40 instead of ~45 images/s). If the quota really is lower, the next 588 arrives
   * below the ceiling and gets the full `decreaseFactor`.
   */
  readonly ceilingDecreaseFactor?: number
  /**
   * Rate regained per unit accepted (`succeeded(units)`). Default: 1% of the ceiling per unit,
   * for callers that count requests (feedback). The scan service counts images and sets 0.1%
   * per image, i.e. 1% per ten-image request as tuned here, so a 50-image batch climbs back as
   * fast per image as a 5-image one instead of ten times slower. With 0.7 this keeps ~83% of a
   * quota lower than configured with 588s on ~4% of requests (rate-limiter.test.ts simulation);
   * halving, or a faster climb, lost more throughput or drew more 588s.
   */
  readonly increasePerSuccess?: number
  /**
   * The share of the ceiling actually paced, default 0.98. Green counts images by arrival in a
   * sliding one-second window: at exactly 50/s, ten-image calls 200 ms apart put the 1st and
   * the 6th exactly one second apart, and the 6th trips the window whenever it travels even 1 ms
   * faster than the 1st (half the time, with random jitter). 2% under leaves ~20 ms per window
   * for network jitter: the Green engine paces right before each request (after its uploads),
   * so upload time no longer sits between the pace and the arrival (it needed 3%, ~30 ms, when
   * tokens were taken before the uploads).
   */
  readonly paceFraction?: number
  /**
   * After a decrease, further 588s within this window are ignored: requests already in flight
   * were sent at the old rate and answer 588 together, and that is one signal, not many.
   */
  readonly cooldownMs?: number
  readonly capacity?: number
  readonly clock?: Clock
}

/** Green's documented default quotas (docs/green-api.md §4.6). */
export const DEFAULT_SCAN_QPS = 50
export const DEFAULT_FEEDBACK_QPS = 20

/**
 * A token bucket whose rate adapts to throttling (AIMD): a 588 cuts the rate (multiplicative
 * decrease), each success wins a little back (additive increase), never above the ceiling. A 588
 * at the ceiling is taken as jitter and cut less (see `ceilingDecreaseFactor`).
 */
export class AdaptiveRateLimiter {
  private readonly bucket: TokenBucket
  private readonly clock: Clock
  readonly maxRatePerSecond: number
  private readonly minRate: number
  private readonly decreaseFactor: number
  private readonly ceilingDecreaseFactor: number
  private readonly increase: number
  private readonly cooldownMs: number
  /** The highest rate paced: the ceiling less the jitter margin. */
  private readonly paceCeiling: number
  private lastDecrease = Number.NEGATIVE_INFINITY

  constructor(options: AdaptiveRateOptions) {
    const max = options.maxRatePerSecond
    if (!(max > 0)) throw new RangeError('maxRatePerSecond must be positive')
    this.clock = options.clock ?? systemClock
    this.maxRatePerSecond = max
    this.minRate = Math.min(max, options.minRatePerSecond ?? Math.min(1, max * 0.02))
    this.decreaseFactor = options.decreaseFactor ?? 0.7
    this.ceilingDecreaseFactor = options.ceilingDecreaseFactor ?? 0.9
    this.increase = options.increasePerSuccess ?? max * 0.01
    this.cooldownMs = options.cooldownMs ?? 1000
    const fraction = options.paceFraction ?? 0.98
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError('paceFraction must be in (0, 1]')
    this.paceCeiling = max * fraction
    this.bucket = new TokenBucket({
      ratePerSecond: this.paceCeiling,
      capacity: options.capacity,
      clock: this.clock,
    })
  }

  /** The rate in force now, images per second. */
  get ratePerSecond(): number {
    return this.bucket.ratePerSecond
  }

  /** Waits for `images` tokens; see TokenBucket.take. */
  take(images: number, signal?: AbortSignal): Promise<Result<void>> {
    return this.bucket.take(images, signal)
  }

  /** Call on a 588 (THROTTLED). Returns true when the rate was actually lowered. */
  throttled(): boolean {
    const now = this.clock.now()
    if (now - this.lastDecrease < this.cooldownMs) return false
    this.lastDecrease = now
    const current = this.bucket.ratePerSecond
    const factor = current >= this.paceCeiling ? this.ceilingDecreaseFactor : this.decreaseFactor
    this.bucket.setRate(Math.max(this.minRate, current * factor))
    this.bucket.drain()
    return true
  }

  /** Call after a request the service accepted, with what it carried (images, or 1 request). */
  succeeded(units = 1): void {
    const current = this.bucket.ratePerSecond
    if (current >= this.paceCeiling) return
    this.bucket.setRate(Math.min(this.paceCeiling, current + this.increase * units))
  }
}
