/**
 * The change feed: every change to items, settings, credentials and watched folders gets a
 * persisted, ever-growing position, whoever made it, so every process sharing a data folder can
 * follow the others (docs/architecture.md §3). SQLite fills it with triggers and is polled
 * (store/sqlite/change-feed.ts); a server database could push the same batches (PostgreSQL's
 * LISTEN/NOTIFY) behind this interface.
 */

export type ChangeKind = 'items' | 'settings' | 'credentials' | 'watch'

/** What one read of the feed found since the previous one. */
export interface ChangeBatch {
  /** The feed position after this batch: every change at or below it has been read. */
  readonly position: number
  /** Items that other processes changed, each once. */
  readonly items: readonly number[]
  /** Kinds that other processes changed. */
  readonly others: ReadonlySet<ChangeKind>
  /** Kinds that anyone changed, this process included. */
  readonly any: ReadonlySet<ChangeKind>
}

export interface ChangeFeedOptions {
  /** How often to look for changes, where the feed is polled. */
  readonly pollMs?: number
  /** A read that failed (the next one tries again). */
  readonly onError?: (error: unknown) => void
}

export type ChangeListener = (batch: ChangeBatch) => void | Promise<void>

export interface ChangeFeed {
  /** The last position read: a snapshot taken now holds every change at or below it. */
  readonly position: number
  /** Starts reading; each batch is handed over once the previous one's listener settled. */
  follow(listener: ChangeListener): void
  /** Records a change the database cannot see by itself (the OS keychain). */
  record(kind: ChangeKind): Promise<void>
  /** Reads what is new now (a poll does the same); resolves once its batch was handled. */
  poll(): Promise<void>
  close(): Promise<void>
}
