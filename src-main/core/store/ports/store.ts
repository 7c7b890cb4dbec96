import type { StoreNotice } from '../store-notice'
import type { ChangeFeed, ChangeFeedOptions } from './change-feed'
import type { DecisionOutbox } from './decision-outbox'
import type { FeedbackStore } from './feedback-store'
import type { ItemQueries } from './item-queries'
import type { ItemRemoval } from './item-removal'
import type { ProfilesStore } from './profiles-store'
import type { QueueStore } from './queue-store'
import type { SettingsStore } from './settings-store'
import type { VerdictCache } from './verdict-cache'
import type { WatchIndex } from './watch-index'

/**
 * Everything Greenlight keeps, as the services see it (see docs/architecture.md §1): opening a
 * store returns one of these, whatever holds the data (SQLite in the data folder today).
 */
export interface Store {
  /** The items, as the queue moves them and as lists and exports read them. */
  readonly items: QueueStore & ItemQueries
  /** Taking items out of the queue, never off the disk (ports/item-removal.ts). */
  readonly removal: ItemRemoval
  readonly verdicts: VerdictCache
  readonly feedback: FeedbackStore
  /** Reviewer decisions held for their grace period, then sent once (ports/decision-outbox.ts). */
  readonly decisions: DecisionOutbox
  readonly watch: WatchIndex
  readonly settings: SettingsStore
  readonly profiles: ProfilesStore
  /** What opening found and did that a user should hear about (a damaged file moved aside). */
  readonly notices: readonly StoreNotice[]
  /**
   * This process's view of the changes every process makes (ports/change-feed.ts). Opened once,
   * by the composition root; closed by the caller before the store.
   */
  openChangeFeed(options?: ChangeFeedOptions): Promise<ChangeFeed>
  close(): Promise<void>
}
