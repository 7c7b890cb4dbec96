import type { Item, ItemFilter } from './item'

/**
 * The same predicate the store applies (store/sqlite/items-repo.ts), for the renderer to place
 * live deltas into a filtered view without a round trip.
 */
export function matchesFilter(item: Item, filter: ItemFilter): boolean {
  if (filter.states && filter.states.length > 0 && !filter.states.includes(item.state)) return false
  if (filter.suggestions && filter.suggestions.length > 0) {
    if (item.suggestion === null || !filter.suggestions.includes(item.suggestion)) return false
  }
  if (filter.engine && item.engine !== filter.engine) return false
  if (filter.scene && !item.scenes.includes(filter.scene)) return false
  if (filter.search && !item.source.toLowerCase().includes(filter.search.toLowerCase()))
    return false
  return true
}
