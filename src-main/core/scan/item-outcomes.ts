import { suggestionAfterFeedback, type EngineId, type Item } from '../../../src-shared/domain'
import { toAppError, type AppError } from '../../../src-shared/result'
import { gaveUp, stopsQueue } from '../pacing/retry-policy'
import { feedbackSubject } from '../store/ports/feedback-subject'
import { RUNNING_STATES, type ItemPatch, type QueueStore } from '../store/ports/queue-store'
import { storageErrorOf } from '../store/storage-error'
import { CANCELLED, type FeedbackLookup } from './scan-types'

/** What outcomes need from the queue around them (the facade, scan-service.ts). */
export interface OutcomeHost {
  readonly items: Pick<QueueStore, 'updateIf' | 'transitionAll'>
  /** Reviewers' corrections: every verdict that lands is corrected by them. */
  readonly feedback?: FeedbackLookup | undefined
  /** Tries an item gets for per-image retryable errors before failing (default 3). */
  readonly itemAttempts?: number | undefined
  announce(items: readonly Item[]): Promise<void>
  /** An item reached a final state through this service. */
  finished(item: Item): void
  /** Pauses the queue with this error, unless it is already paused with one. */
  stop(error: AppError): void
  /** True while the service is closing: aborted items go back to the queue, not cancelled. */
  closing(): boolean
  /** The next try must build this engine again (its credentials were refused). */
  retireEngine(id: EngineId | undefined): void
  onInternalError(error: AppError): void
}

/**
 * How an item's turn ends (docs/architecture.md §4): done (corrected by feedback), back to the
 * queue for another try, failed, cancelled, or the whole queue stopped. Every transition is
 * written to the store before it is announced, and only while the item is still running.
 */
export class ItemOutcomes {
  private readonly attempts = new Map<number, number>()

  constructor(private readonly host: OutcomeHost) {}

  /**
   * Writes a final (or requeued) state, if the item is still running, then announces it. A verdict
   * is corrected by any feedback given on the same image, and the suggestion is the one after it.
   */
  async finish(item: Item, patch: ItemPatch): Promise<void> {
    if (patch.state === 'done' && patch.results !== undefined) {
      const subject = feedbackSubject({ ...item, sha256: patch.sha256 ?? item.sha256 })
      const feedback =
        subject === null ? null : ((await this.host.feedback?.lookup(subject, item.engine)) ?? null)
      patch = {
        ...patch,
        feedback,
        suggestion: suggestionAfterFeedback(patch.results, feedback),
      }
    }
    const stored = await this.host.items.updateIf(item.id, RUNNING_STATES, patch)
    if (!stored) return
    await this.host.announce([stored])
    if (stored.state !== 'queued') this.finished(stored)
  }

  /** An item ended for good: its tries are forgotten and the listeners told. */
  finished(item: Item): void {
    this.attempts.delete(item.id)
    this.host.finished(item)
  }

  /** A failed item was put back in the queue by hand: it gets a fresh set of tries. */
  forget(itemId: number): void {
    this.attempts.delete(itemId)
  }

  /** Per-image retryable errors get a few tries through the queue; then the item fails. */
  async retryOrFail(item: Item, error: AppError): Promise<void> {
    const tries = (this.attempts.get(item.id) ?? 0) + 1
    if (error.retryable && tries < (this.host.itemAttempts ?? 3)) {
      this.attempts.set(item.id, tries)
      const back = await this.host.items.updateIf(item.id, RUNNING_STATES, { state: 'queued' })
      if (back) await this.host.announce([back])
      return
    }
    await this.finish(item, {
      state: 'failed',
      error: error.retryable ? gaveUp(error, tries) : error,
    })
  }

  /** A request-level error after the retries: stop the queue, retry the items later, or fail them. */
  async endWithError(items: readonly Item[], error: AppError): Promise<void> {
    if (error.code === 'CANCELLED') return this.endAborted(items)
    if (stopsQueue(error)) return this.stopQueue(items, error)
    for (const item of items) await this.retryOrFail(item, error)
  }

  /** Aborted: cancelled by the user, or back to the queue when the service is closing. */
  async endAborted(items: readonly Item[]): Promise<void> {
    const patch: ItemPatch = this.host.closing()
      ? { state: 'queued' }
      : { state: 'cancelled', error: CANCELLED }
    for (const item of items) await this.finish(item, patch)
  }

  /**
   * Every further call would fail the same way (wrong key, no permission, no account): the items
   * go back to the queue untouched, the queue pauses with one error, announced once.
   */
  async stopQueue(items: readonly Item[], error: AppError): Promise<void> {
    const back = await this.host.items.transitionAll(
      RUNNING_STATES,
      { state: 'queued' },
      items.map((i) => i.id),
    )
    await this.host.announce(back)
    const { code, message, retryable } = error
    this.host.stop({ code, message, retryable })
    // The next try must read the credentials again: the user is about to fix them.
    this.host.retireEngine(items[0]?.engine)
  }

  /**
   * The data folder failed (full, read-only, damaged): every further write would fail too, and
   * none of it is the images' fault. The queue pauses with that one error and no item is failed;
   * the items go back to the queue if the store still takes the write, else crash recovery puts
   * them back on the next start. Submitted async tasks stay submitted (they are paid for).
   */
  async stopForStorage(items: readonly Item[], error: AppError): Promise<void> {
    this.host.stop(error)
    if (items.length === 0) return
    await this.host.items
      .transitionAll(
        RUNNING_STATES.filter((s) => s !== 'submitted' && s !== 'polling'),
        { state: 'queued' },
        items.map((i) => i.id),
      )
      .then((moved) => this.host.announce(moved))
      .catch(() => undefined)
  }

  /** A bug here must not strand items mid-flight: they go back to the queue, the host logs it. */
  async internalError(thrown: unknown, items: readonly Item[]): Promise<void> {
    this.host.onInternalError(toAppError(thrown))
    const storage = storageErrorOf(thrown)
    if (storage !== null) return this.stopForStorage(items, storage)
    if (items.length === 0) return
    await this.host.items
      .transitionAll(
        RUNNING_STATES,
        { state: 'failed', error: toAppError(thrown, 'INTERNAL') },
        items.map((i) => i.id),
      )
      .then((moved) => this.host.announce(moved))
      .catch(() => undefined)
  }
}
