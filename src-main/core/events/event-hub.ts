import type { EventChannel, EventPayload } from '../../../src-shared/ipc'
import type { Item, Progress } from '../../../src-shared/domain'

export type EventListener = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void

/** At most ~10 messages a second reach a host (docs/architecture.md §3). */
export const DEFAULT_FLUSH_MS = 100

/**
 * Collects item changes and progress and hands hosts one coalesced delta per flush window:
 * the latest version of each changed item, and the latest progress.
 *
 * Revisions ride the persisted change feed (docs/architecture.md §3): a snapshot carries the feed
 * position this process has read, P, and holds every change at or below it. A delta may hold
 * this process's own changes made since, which the feed has not read yet, so it carries at least
 * P + 1, and always more than the delta before it. A renderer that fetched a snapshot at R can
 * then drop deltas at or below R: those were sent before the snapshot was read.
 */
export class EventHub {
  /** The change feed's position (store/ports/change-feed.ts); 0 for a hub that follows none. */
  private position = 0
  private lastSent = 0
  private readonly pendingItems = new Map<number, Item>()
  private readonly pendingRemoved = new Set<number>()
  private pendingProgress: Progress | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly listeners = new Set<EventListener>()

  constructor(private readonly flushMs = DEFAULT_FLUSH_MS) {}

  /** The revision a snapshot read now carries. */
  get currentRevision(): number {
    return this.position
  }

  /** The feed was read up to `position`: every change at or below it is known to this process. */
  feedAdvanced(position: number): void {
    this.position = Math.max(this.position, position)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  itemsChanged(items: readonly Item[]): void {
    if (items.length === 0) return
    for (const item of items) {
      this.pendingRemoved.delete(item.id)
      this.pendingItems.set(item.id, item)
    }
    this.schedule()
  }

  itemsRemoved(ids: readonly number[]): void {
    if (ids.length === 0) return
    for (const id of ids) {
      this.pendingItems.delete(id)
      this.pendingRemoved.add(id)
    }
    this.schedule()
  }

  progressChanged(progress: Progress): void {
    this.pendingProgress = progress
    this.schedule()
  }

  /**
   * The scan queue's state changed (paused, resumed, stopped by an auth error). Rare, so sent at
   * once, after any pending item deltas so the UI sees the items' states first.
   */
  queueChanged(status: EventPayload<'queue:changed'>): void {
    this.flush()
    this.emit('queue:changed', status)
  }

  /** The saved settings changed, in this process or another; rare, so sent at once. */
  settingsChanged(settings: EventPayload<'settings:changed'>): void {
    this.flush()
    this.emit('settings:changed', settings)
  }

  /** Profiles, the active one or a stored key changed, here or in another process. */
  credentialsChanged(status: EventPayload<'credentials:changed'>): void {
    this.flush()
    this.emit('credentials:changed', status)
  }

  /** The watch list with each folder's state; rare, so sent at once (after pending deltas). */
  watchChanged(folders: EventPayload<'watch:changed'>): void {
    this.flush()
    this.emit('watch:changed', folders)
  }

  /** A menu or tray command for the renderer to run (the host's menu lives outside the page). */
  commandRequested(command: EventPayload<'command:run-requested'>['command']): void {
    this.emit('command:run-requested', { command })
  }

  /** A running export's count; the export service already keeps these to a few a second. */
  exportProgressChanged(progress: EventPayload<'export:progress-changed'>): void {
    this.emit('export:progress-changed', progress)
  }

  /** The decisions in their grace period (feedback/decision-service.ts): the undo toast. */
  decisionsChanged(payload: EventPayload<'decisions:changed'>): void {
    this.emit('decisions:changed', payload)
  }

  /** Asks the page to select an item (its notification was clicked); sent after pending deltas. */
  itemFocusRequested(itemId: number): void {
    this.flush()
    this.emit('items:focus-requested', { itemId })
  }

  /** Sends whatever is pending now (also used on shutdown so no delta is dropped). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.pendingItems.size > 0 || this.pendingRemoved.size > 0) {
      this.lastSent = Math.max(this.position, this.lastSent) + 1
      const payload: EventPayload<'items:changed'> = {
        revision: this.lastSent,
        upserted: [...this.pendingItems.values()],
        removed: [...this.pendingRemoved],
      }
      this.pendingItems.clear()
      this.pendingRemoved.clear()
      this.emit('items:changed', payload)
    }
    if (this.pendingProgress) {
      const progress = this.pendingProgress
      this.pendingProgress = null
      this.emit('progress:changed', progress)
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.flush()
    }, this.flushMs)
  }

  private emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload)
      } catch {
        // A host whose transport died must not stop the others from hearing the event.
      }
    }
  }
}
