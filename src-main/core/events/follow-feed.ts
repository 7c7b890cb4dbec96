import type { Item, Progress, Settings } from '../../../src-shared/domain'
import type { CredentialsStatus, WatchedFolder } from '../../../src-shared/ipc'
import type { ChangeFeed } from '../store/ports/change-feed'
import type { EventHub } from './event-hub'

/** What the hub's events carry, read fresh when the feed says it changed. */
interface FeedReaders {
  items(ids: readonly number[]): Promise<Item[]>
  progress(): Promise<Progress>
  settings(): Promise<Settings>
  /** As this process sees it (a terminal may prefer its environment's key). */
  credentials(): Promise<CredentialsStatus>
  watchList(): Promise<WatchedFolder[]>
}

/**
 * Turns the change feed into the hub's events, so this process's hosts hear what other processes
 * sharing the data folder did (docs/architecture.md §3). Items, watched folders and settings
 * that this process changed itself were announced when it changed them (in write order, so an
 * echo read later can never undo a newer save), so only the others' are; credentials have no
 * other announcer, so every change to them is told, whoever made it.
 */
export function followFeed(feed: ChangeFeed, hub: EventHub, read: FeedReaders): void {
  feed.follow(async (batch) => {
    hub.feedAdvanced(batch.position)
    if (batch.items.length > 0) {
      const items = await read.items(batch.items)
      const found = new Set(items.map((item) => item.id))
      hub.itemsChanged(items)
      hub.itemsRemoved(batch.items.filter((id) => !found.has(id)))
      hub.progressChanged(await read.progress())
    }
    const settings = batch.any.has('settings')
    if (batch.others.has('settings')) hub.settingsChanged(await read.settings())
    // The region and endpoint of a key without a profile are settings, so the status follows them.
    if (settings || batch.any.has('credentials')) hub.credentialsChanged(await read.credentials())
    if (batch.others.has('watch')) hub.watchChanged(await read.watchList())
  })
}
