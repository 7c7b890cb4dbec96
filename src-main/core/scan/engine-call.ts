import type { Result } from '../../../src-shared/result'
import type { ScanEngine, ScanOptions } from '../engines/scan-engine'
import { AdaptiveRateLimiter, type Clock } from '../pacing/rate-limiter'
import { RetryPolicy, type RetryPolicyOptions } from '../pacing/retry-policy'
import type { ScanLimits, ScanStats } from './scan-types'

/**
 * One engine call (a sync scan or an async submission), paced for Green by the adaptive token
 * bucket counting images, retried per the retry policy, counted in the stats. Shared by both
 * send paths (send-sync.ts, send-async.ts).
 */
export class EngineCaller {
  private limiter: AdaptiveRateLimiter | null = null
  private readonly retryPolicy: RetryPolicy

  constructor(
    private readonly clock: Clock,
    retry: RetryPolicyOptions | undefined,
    private readonly stats: ScanStats,
  ) {
    this.retryPolicy = new RetryPolicy({ clock, ...retry })
  }

  /** Green's paced rate right now, in images per second (undefined before the first Green call). */
  get sendRate(): number | undefined {
    return this.limiter?.ratePerSecond
  }

  async call<T>(
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
}
