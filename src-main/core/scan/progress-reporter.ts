import { toAppError, type AppError } from '../../../src-shared/result'
import type { Clock } from '../pacing/rate-limiter'
import type { QueueStore } from '../store/ports/queue-store'
import type { ScanEvent } from './scan-types'

const PROGRESS_EVERY_MS = 100

/**
 * Progress is a count over the whole table: one query per transition would cost O(items) each
 * time on a 10,000-item queue. One query per window says the same (hosts coalesce to ~10/s).
 */
export class ProgressReporter {
  private timer: unknown = undefined

  constructor(
    private readonly items: Pick<QueueStore, 'progress'>,
    private readonly clock: Clock,
    private readonly emit: (event: ScanEvent) => void,
    private readonly onInternalError: (error: AppError) => void,
  ) {}

  /** A transition happened: the count goes out within one window. */
  soon(): void {
    if (this.timer !== undefined) return
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined
      void this.send()
    }, PROGRESS_EVERY_MS)
    ;(this.timer as { unref?: () => void } | undefined)?.unref?.()
  }

  /** On close: a count still pending goes out now, before the store closes. */
  async flush(): Promise<void> {
    if (this.timer === undefined) return
    this.clock.clearTimer(this.timer)
    this.timer = undefined
    await this.send()
  }

  private async send(): Promise<void> {
    try {
      this.emit({ type: 'progress', progress: await this.items.progress() })
    } catch (thrown) {
      this.onInternalError(toAppError(thrown, 'DB'))
    }
  }
}
