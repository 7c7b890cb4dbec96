import { create } from 'zustand'
import type { Item, ItemFilter, ItemSort } from '../../src-shared/domain'
// Imported by file, not through the index, so zod's schemas stay out of the renderer bundle.
import { matchesFilter } from '../../src-shared/domain/item-filter'
import type { EventPayload, ItemsPage } from '../../src-shared/ipc'

export type ItemsDelta = EventPayload<'items:changed'>

/** Rows per `items:list` request: pages are fetched by offset, page-aligned. */
export const PAGE_SIZE = 200

export interface ItemsState {
  /**
   * One slot per item the filter matches (`total` of them), in display order: the item's id
   * where its page is loaded, null where it is not (a skeleton row). A 100,000-slot array costs
   * under a megabyte; the items themselves live only in `byId`, for the loaded pages.
   */
  slots: readonly (number | null)[]
  byId: ReadonlyMap<number, Item>
  total: number
  /** The revision the view reflects; deltas at or below it are already included. */
  revision: number
  filter: ItemFilter
  sort: ItemSort
  /** Bumped when the filter or the sort changes: pages asked for before it are dropped. */
  query: number
  /**
   * A new filter or order whose first page has not come yet: the rows of the last one stay
   * shown (and the keys keep working on them) until it replaces them all.
   */
  pending: boolean
  /**
   * Set when a delta may have moved items whose new place only main knows (an insert under a
   * sort other than newest or oldest, a risk change under 'risk'): the sync reloads the loaded
   * pages (debounced) and clears it.
   */
  stale: boolean
  /** Places a page read at `page.revision`; false when the view is already newer (ask again). */
  pageLoaded: (offset: number, page: ItemsPage) => boolean
  itemsChanged: (delta: ItemsDelta) => void
  /** Forgets the items outside [start, end): far pages are evicted so the heap stays bounded. */
  windowKept: (start: number, end: number) => void
  filterChanged: (filter: ItemFilter) => void
  sortChanged: (sort: ItemSort) => void
  staleCleared: () => void
}

function resized(slots: readonly (number | null)[], total: number): (number | null)[] {
  const next = slots.slice(0, total)
  while (next.length < total) next.push(null)
  return next
}

/**
 * Where a matching item that is not loaded belongs. Ids grow, so under newest (oldest) one above
 * the id on top (at the bottom) is new: 'new', placed there. Without a filter, any other is in a
 * page not loaded: 'known', nothing to do. Else it may have just entered the filter, or the edge
 * is not loaded, or the sort is by name or risk: 'unsure', only main can place it.
 */
function placeOf(
  state: Pick<ItemsState, 'slots' | 'total' | 'sort' | 'filter'>,
  id: number,
): 'new' | 'known' | 'unsure' {
  if (state.total === 0) return 'new'
  const edge =
    state.sort === 'newest' ? state.slots[0] : state.sort === 'oldest' ? state.slots.at(-1) : null
  if (edge !== null && edge !== undefined && id > edge) return 'new'
  if (Object.keys(state.filter).length === 0 && state.sort !== 'risk' && state.sort !== 'name')
    return 'known'
  return 'unsure'
}

/** Does this change move the item under `sort`? Only the risk order follows a field that changes. */
function moves(before: Item, after: Item, sort: ItemSort): boolean {
  if (sort !== 'risk') return false
  return before.suggestion !== after.suggestion || before.results !== after.results
}

/**
 * Mirrors main's items for the current filter and sort as a sparse window over all of them
 * (docs/architecture.md §6). Main owns the truth: pages come as snapshots with a revision, and
 * only deltas newer than the view are applied on top (§3).
 */
/** The view before its first page: nothing shown, any filter, newest first. */
export const EMPTY_VIEW = {
  slots: [],
  byId: new Map(),
  total: 0,
  revision: -1,
  filter: {},
  sort: 'newest',
  stale: false,
  pending: false,
} as const satisfies Partial<ItemsState>

/** A new filter or order: shown as it was until its first page comes (`pending`). */
const requeried = (state: ItemsState) => ({ query: state.query + 1, pending: true, stale: false })

export const useItemsStore = create<ItemsState>()((set) => ({
  ...EMPTY_VIEW,
  query: 0,

  pageLoaded: (offset, page) => {
    let placed = true
    set((state) => {
      // The first page of a new filter or order replaces every row of the last one.
      const base = state.pending ? { slots: [], byId: new Map(), revision: -1 } : state
      // Deltas newer than this page were already applied: placing it would undo them.
      if (page.revision < base.revision) {
        placed = false
        return state
      }
      const slots = resized(base.slots, page.total)
      const byId = new Map(base.byId)
      page.items.forEach((item, i) => {
        if (offset + i >= slots.length) return
        slots[offset + i] = item.id
        byId.set(item.id, item)
      })
      return { slots, byId, total: page.total, revision: page.revision, pending: false }
    })
    return placed
  },

  itemsChanged: (delta) => {
    set((state) => {
      if (delta.revision <= state.revision) return state
      const byId = new Map(state.byId)
      let slots = state.slots
      let stale = state.stale
      let total = state.total
      const gone = new Set<number>()
      const fresh: Item[] = []
      for (const item of delta.upserted) {
        const before = byId.get(item.id)
        const matches = matchesFilter(item, state.filter)
        if (before && matches) {
          byId.set(item.id, item)
          if (moves(before, item, state.sort)) stale = true
        } else if (before) {
          gone.add(item.id)
        } else if (matches || Object.keys(state.filter).length > 0) {
          // Unloaded: new, in a page not loaded, or just in or out of the filter there.
          const place = matches ? placeOf(state, item.id) : 'unsure'
          if (place === 'new') fresh.push(item)
          else if (place === 'unsure') stale = true
        }
      }
      for (const id of delta.removed) {
        if (byId.has(id)) gone.add(id)
        else stale = true
      }
      if (gone.size > 0) {
        slots = slots.filter((id) => id === null || !gone.has(id))
        for (const id of gone) byId.delete(id)
        total -= gone.size
      }
      if (fresh.length > 0) {
        total += fresh.length
        const ids = fresh.map((item) => item.id).sort((a, b) => a - b)
        // New items are the newest: on top under newest (newest first), else at the bottom.
        slots = state.sort === 'newest' ? [...ids.reverse(), ...slots] : [...slots, ...ids]
        for (const item of fresh) byId.set(item.id, item)
      }
      return { byId, slots, total, stale, revision: delta.revision }
    })
  },

  windowKept: (start, end) => {
    set((state) => {
      const outside = (id: number | null, index: number) =>
        id !== null && (index < start || index >= end)
      // Checked first: most calls (a scroll inside the kept window) evict nothing.
      if (!state.slots.some(outside)) return state
      const slots = state.slots.map((id, index) => (outside(id, index) ? null : id))
      const kept = new Set(slots)
      const byId = new Map([...state.byId].filter(([id]) => kept.has(id)))
      return { slots, byId }
    })
  },

  filterChanged: (filter) => {
    set((state) => ({ ...requeried(state), filter }))
  },
  sortChanged: (sort) => {
    set((state) => ({ ...requeried(state), sort }))
  },
  staleCleared: () => {
    set({ stale: false })
  },
}))

/** The item at a display index, if its page is loaded. */
export function itemAt(state: Pick<ItemsState, 'slots' | 'byId'>, index: number): Item | undefined {
  const id = state.slots[index]
  return id === null || id === undefined ? undefined : state.byId.get(id)
}

/** The loaded items' ids in display order (the rows a view can move between without a fetch). */
export function loadedIds(state: Pick<ItemsState, 'slots'>): number[] {
  return state.slots.filter((id) => id !== null)
}
