import { describe, expect, it } from 'vitest'
import type { Result } from '../../../src-shared/result'
import {
  AdaptiveRateLimiter,
  type AdaptiveRateOptions,
  DEFAULT_FEEDBACK_QPS,
  DEFAULT_SCAN_QPS,
  ManualClock,
  TokenBucket,
} from './rate-limiter'
import { rng } from '../../../tests/fixtures/images'

/** Records when each take resolved, in clock time. */
function track(clock: ManualClock, promise: Promise<Result<void>>) {
  const state: { at: number | undefined; result: Result<void> | undefined } = {
    at: undefined,
    result: undefined,
  }
  void promise.then((result) => {
    state.at = clock.now()
    state.result = result
  })
  return state
}

describe('TokenBucket', () => {
  it('counts images: a 10-image take costs 10 tokens', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 10, clock })
    expect((await bucket.take(10)).ok).toBe(true)
    expect(bucket.available()).toBe(0)
    const next = track(clock, bucket.take(1))
    await clock.advance(99)
    expect(next.at).toBeUndefined()
    await clock.advance(1)
    expect(next.at).toBe(100)
  })

  it('paces 10-image batches at 50 images/s: one every 200 ms', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 50, clock })
    const takes = Array.from({ length: 6 }, () => track(clock, bucket.take(10)))
    await clock.advance(2000)
    expect(takes.map((t) => t.at)).toEqual([0, 200, 400, 600, 800, 1000])
  })

  it('keeps full batches within the rate in every one-second window (how Green counts)', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 50, clock })
    const takes = Array.from({ length: 30 }, () => track(clock, bucket.take(10)))
    await clock.advance(10_000)
    const grants = takes.map((t) => t.at ?? Number.NaN)
    expect(grants.every(Number.isFinite)).toBe(true)
    for (const start of grants) {
      const inWindow = grants.filter((at) => at >= start && at < start + 1000).length * 10
      expect(inWindow).toBeLessThanOrEqual(50)
    }
  })

  it('holds the long-run rate for mixed batch sizes, overshooting by at most one batch', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 50, clock })
    const sizes = [10, 3, 7, 10, 1, 10, 10, 5, 10, 2, 10, 10, 10, 4, 10, 10, 6, 10, 100, 1, 1]
    const takes = sizes.map((n) => ({ n, state: track(clock, bucket.take(n)) }))
    for (let t = 0; t <= 12_000; t += 50) {
      const granted = takes
        .filter(({ state }) => state.at !== undefined)
        .reduce((sum, { n }) => sum + n, 0)
      const largest = Math.max(
        0,
        ...takes.filter(({ state }) => state.at !== undefined).map((x) => x.n),
      )
      // Capacity 1, plus what was earned, plus the one batch being paid back.
      expect(granted).toBeLessThanOrEqual(1 + (50 * t) / 1000 + largest)
      await clock.advance(50)
    }
    expect(takes.every(({ state }) => state.result?.ok === true)).toBe(true)
  })

  it('waits with one timer for the missing time, not a polling loop', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 1, clock })
    await bucket.take(1)
    const before = clock.timersSet
    const waiting = track(clock, bucket.take(1))
    await clock.advance(1000)
    expect(waiting.at).toBe(1000)
    expect(clock.timersSet - before).toBe(1)
  })

  it('serves waiters in arrival order, so a big batch is not starved by small ones', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 10, clock })
    await bucket.take(10)
    const big = track(clock, bucket.take(10))
    const small = track(clock, bucket.take(1))
    await clock.advance(1000)
    expect(big.at).toBe(1000)
    expect(small.at).toBeUndefined()
    await clock.advance(100)
    expect(small.at).toBe(1100)
  })

  it('serves a take larger than the capacity by borrowing, keeping the long-run rate', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 5, clock })
    const first = track(clock, bucket.take(20))
    const second = track(clock, bucket.take(5))
    await clock.advance(5000)
    expect(first.at).toBe(0)
    // 20 taken from a bucket of 5 at t=0 leaves a debt of 15; 15 + 5 tokens at 10/s is 2 s.
    expect(second.at).toBe(2000)
    // Idle time refills only up to the capacity.
    expect(bucket.available()).toBe(5)
  })

  it('aborting a wait returns CANCELLED, takes nothing and lets the next waiter through on time', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 10, clock })
    await bucket.take(10)
    const controller = new AbortController()
    const aborted = track(clock, bucket.take(10, controller.signal))
    const after = track(clock, bucket.take(2))
    await clock.advance(50)
    controller.abort()
    await clock.advance(0)
    expect(aborted.result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CANCELLED' }) as unknown,
    })
    expect(aborted.at).toBe(50)
    await clock.advance(150)
    expect(after.at).toBe(200)
    expect(clock.pendingTimers).toBe(0)
  })

  it('returns CANCELLED at once for an already aborted signal', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, clock: new ManualClock() })
    const result = await bucket.take(1, AbortSignal.abort())
    expect(result.ok).toBe(false)
    expect(bucket.available()).toBe(1)
  })

  it('a rate change applies to a wait already in progress', async () => {
    const clock = new ManualClock()
    const bucket = new TokenBucket({ ratePerSecond: 1, clock })
    await bucket.take(1)
    const waiting = track(clock, bucket.take(1))
    await clock.advance(500)
    bucket.setRate(10)
    await clock.advance(49)
    expect(waiting.at).toBeUndefined()
    await clock.advance(1)
    // 0.5 tokens earned at 1/s, the other 0.5 at 10/s: 50 ms more.
    expect(waiting.at).toBe(550)
  })

  it('rejects a non-positive rate instead of waiting forever', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError)
  })
})

describe('AdaptiveRateLimiter', () => {
  it('defaults to the documented quotas', () => {
    expect(DEFAULT_SCAN_QPS).toBe(50)
    expect(DEFAULT_FEEDBACK_QPS).toBe(20)
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: DEFAULT_SCAN_QPS })
    expect(limiter.maxRatePerSecond).toBe(50)
    // Paced 2% under the quota, as margin for arrival jitter (see paceFraction).
    expect(limiter.ratePerSecond).toBeCloseTo(49, 9)
  })

  it('paces 2% under the ceiling: six 10-image calls span more than one second', async () => {
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 50, clock })
    const takes = Array.from({ length: 12 }, () => track(clock, limiter.take(10)))
    await clock.advance(5000)
    const grants = takes.map((t) => t.at ?? Number.NaN)
    expect(grants.every(Number.isFinite)).toBe(true)
    for (let i = 5; i < grants.length; i++) {
      // Green would see the 6th inside the 1st's second only if it travelled >20 ms faster.
      expect((grants[i] ?? 0) - (grants[i - 5] ?? 0)).toBeGreaterThanOrEqual(1020)
    }
  })

  it('paces at the ceiling itself when paceFraction is 1, and refuses a fraction outside (0, 1]', () => {
    expect(new AdaptiveRateLimiter({ maxRatePerSecond: 50, paceFraction: 1 }).ratePerSecond).toBe(
      50,
    )
    expect(() => new AdaptiveRateLimiter({ maxRatePerSecond: 50, paceFraction: 0 })).toThrow(
      RangeError,
    )
    expect(() => new AdaptiveRateLimiter({ maxRatePerSecond: 50, paceFraction: 1.5 })).toThrow(
      RangeError,
    )
  })

  it('halves the rate on a 588 (when so configured), once per burst of 588s, down to a floor', async () => {
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({
      maxRatePerSecond: 50,
      clock,
      cooldownMs: 1000,
      decreaseFactor: 0.5,
      ceilingDecreaseFactor: 0.5,
      paceFraction: 1,
    })
    expect(limiter.throttled()).toBe(true)
    expect(limiter.ratePerSecond).toBe(25)
    // Requests already in flight answer 588 together: that is one signal.
    expect(limiter.throttled()).toBe(false)
    expect(limiter.ratePerSecond).toBe(25)
    await clock.advance(1000)
    expect(limiter.throttled()).toBe(true)
    expect(limiter.ratePerSecond).toBe(12.5)
    for (let i = 0; i < 20; i++) {
      await clock.advance(1000)
      limiter.throttled()
    }
    expect(limiter.ratePerSecond).toBe(1)
  })

  it('by default cuts 10% on a 588 at the ceiling (jitter), 30% below it (a lower quota)', async () => {
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 50, paceFraction: 1, clock })
    expect(limiter.throttled()).toBe(true)
    expect(limiter.ratePerSecond).toBeCloseTo(45, 9)
    await clock.advance(1000)
    // Still 588s once below the ceiling: the quota really is lower than configured.
    expect(limiter.throttled()).toBe(true)
    expect(limiter.ratePerSecond).toBeCloseTo(31.5, 9)
  })

  it('recovers 1% of the ceiling per success, never above the paced ceiling', () => {
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 50, clock })
    limiter.throttled()
    expect(limiter.ratePerSecond).toBeCloseTo(49 * 0.9, 9)
    limiter.succeeded()
    expect(limiter.ratePerSecond).toBeCloseTo(49 * 0.9 + 0.5, 9)
    for (let i = 0; i < 100; i++) limiter.succeeded()
    expect(limiter.ratePerSecond).toBeCloseTo(49, 9)
  })

  it('regains per unit accepted: one 50-image success climbs as far as fifty 1-image ones', () => {
    const clock = new ManualClock()
    const perImage = { maxRatePerSecond: 50, increasePerSuccess: 0.05, clock }
    const big = new AdaptiveRateLimiter(perImage)
    const small = new AdaptiveRateLimiter(perImage)
    big.throttled()
    small.throttled()
    big.succeeded(20)
    for (let i = 0; i < 20; i++) small.succeeded(1)
    expect(big.ratePerSecond).toBeCloseTo(small.ratePerSecond, 9)
    expect(big.ratePerSecond).toBeCloseTo(49 * 0.9 + 1, 9)
  })

  it('converges under a quota lower than configured: most of it used, few 588s (simulated)', async () => {
    // Green allows 40 images/s (sliding window) but --qps says 50: only 588s can tell us.
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 50, clock })
    const window: { at: number; n: number }[] = []
    let accepted = 0
    let requests = 0
    let throttled = 0
    const stop = new AbortController()
    const client = (async () => {
      while ((await limiter.take(10, stop.signal)).ok) {
        requests++
        const now = clock.now()
        while (window[0] !== undefined && now - window[0].at >= 1000) window.shift()
        if (window.reduce((sum, e) => sum + e.n, 0) + 10 > 40) {
          throttled++
          limiter.throttled()
        } else {
          window.push({ at: now, n: 10 })
          accepted += 10
          limiter.succeeded()
        }
      }
    })()
    await clock.advance(60_000)
    stop.abort()
    await client
    expect(accepted / 60).toBeGreaterThanOrEqual(0.75 * 40)
    expect(throttled / requests).toBeLessThanOrEqual(0.06)
    expect(limiter.ratePerSecond).toBeLessThan(50)
  })

  it('keeps >= 90% of a quota it matches when arrivals are jittered, where exact pacing did not (simulated)', async () => {
    // Green's window counts arrivals; each call travels 100-115 ms (the network: the engine paces
    // after its uploads), so calls paced exactly at the quota sometimes arrive inside the
    // previous second's budget.
    const simulate = async (options: Partial<AdaptiveRateOptions>) => {
      const clock = new ManualClock()
      const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 50, clock, ...options })
      const random = rng(7)
      const window: number[] = []
      let accepted = 0
      let throttled = 0
      const stop = new AbortController()
      const client = (async () => {
        while ((await limiter.take(10, stop.signal)).ok) {
          clock.setTimer(
            () => {
              const now = clock.now()
              while (window[0] !== undefined && now - window[0] >= 1000) window.shift()
              if ((window.length + 1) * 10 > 50) {
                throttled++
                limiter.throttled()
              } else {
                window.push(now)
                accepted += 10
                limiter.succeeded()
              }
            },
            100 + Math.floor(random() * 15),
          )
        }
      })()
      await clock.advance(30_000)
      stop.abort()
      await client
      return { rate: accepted / 30, throttled }
    }
    const now = await simulate({})
    const before = await simulate({ paceFraction: 1, ceilingDecreaseFactor: 0.7 })
    expect(now.rate).toBeGreaterThanOrEqual(45)
    expect(now.rate).toBeGreaterThan(before.rate)
    expect(now.throttled).toBeLessThan(before.throttled)
  })

  it('forgets a saved-up burst after a 588, so it does not fire straight back', async () => {
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({
      maxRatePerSecond: 50,
      capacity: 10,
      ceilingDecreaseFactor: 0.5,
      paceFraction: 1,
      clock,
    })
    await clock.advance(5000)
    limiter.throttled()
    const next = track(clock, limiter.take(10))
    await clock.advance(399)
    expect(next.at).toBeUndefined()
    await clock.advance(1)
    expect(next.at).toBe(5400)
  })

  it('actually sends slower after throttling', async () => {
    const clock = new ManualClock()
    const limiter = new AdaptiveRateLimiter({
      maxRatePerSecond: 50,
      ceilingDecreaseFactor: 0.5,
      paceFraction: 1,
      clock,
    })
    await limiter.take(10)
    limiter.throttled()
    const next = track(clock, limiter.take(10))
    await clock.advance(399)
    expect(next.at).toBeUndefined()
    await clock.advance(1)
    // 10 images at 25/s: 400 ms, not the 200 ms it would have been at 50/s.
    expect(next.at).toBe(400)
  })
})
