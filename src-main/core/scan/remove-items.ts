import type { ItemFilter } from '../../../src-shared/domain'
import type { EventHub } from '../events/event-hub'
import type { ItemQueries } from '../store/ports/item-queries'
import type { ItemRemoval, Removal, RemovalTarget } from '../store/ports/item-removal'

/** What "Clear finished" removes: every item nothing will happen to any more. */
export const FINISHED: ItemFilter = { states: ['done', 'failed', 'cancelled'] }

/**
 * Takes items out of the queue and the database, never off the disk (docs/architecture.md §4,
 * "Keeping the queue clean"): items being scanned and items a decision in its grace period
 * covers stay, counted. This process's hosts hear of the removal at once; the others through
 * the change feed, whose trigger logs every deleted row.
 */
export async function removeItems(
  deps: {
    readonly store: {
      readonly removal: ItemRemoval
      readonly items: Pick<ItemQueries, 'progress'>
    }
    readonly events: Pick<EventHub, 'itemsRemoved' | 'progressChanged'>
  },
  target: RemovalTarget,
): Promise<Removal> {
  const removal = await deps.store.removal.remove(target)
  if (removal.removed.length > 0) {
    deps.events.itemsRemoved(removal.removed)
    deps.events.progressChanged(await deps.store.items.progress())
  }
  return removal
}
