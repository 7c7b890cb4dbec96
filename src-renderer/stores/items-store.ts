import { create } from 'zustand'
import type { Item, ItemFilter, ItemSort } from '../../src-shared/domain'
// Imported by file, not through the index, so zod's schemas stay out of the renderer bundle.
import { matchesFilter } from '../../src-shared/domain/item-filter'
import type { EventPayload, ItemsPage } from '../../src-shared/ipc'

export type ItemsDelta = EventPayload<'items:changed'>

export interface ItemsState {
  /** Ids in display order (newest first), for the current filter. */
  order: number[]
  byId: ReadonlyMap<number, Item>
  total: number
  /** The revision the view reflects; deltas at or below it are already included. */
  revision: number
  filter: ItemFilter
  sort: ItemSort
  snapshotLoaded: (page: ItemsPage, mode: 'replace' | 'append') => void
  itemsChanged: (delta: ItemsDelta) => void
  filterChanged: (filter: ItemFilter) => void
  sortChanged: (sort: ItemSort) => void
}

/**
 * Mirrors main's items for the current filter. Main owns the truth: this store only applies a
 * snapshot and then the deltas newer than it.
 */
export const useItemsStore = create<ItemsState>()((set) => ({
  order: [],
  byId: new Map(),
  total: 0,
  revision: -1,
  filter: {},
  sort: 'newest',

  snapshotLoaded: (page, mode) => {
    set((state) => {
      const byId = new Map(mode === 'append' ? state.byId : [])
      const order = mode === 'append' ? [...state.order] : []
      for (const item of page.items) {
        if (!byId.has(item.id)) order.push(item.id)
        byId.set(item.id, item)
      }
      return {
        byId,
        order,
        total: page.total,
        revision: Math.max(page.revision, mode === 'append' ? state.revision : -1),
      }
    })
  },

  itemsChanged: (delta) => {
    set((state) => {
      if (delta.revision <= state.revision) return state
      const byId = new Map(state.byId)
      let order = state.order
      let total = state.total
      const fresh: number[] = []
      for (const item of delta.upserted) {
        const shown = byId.has(item.id)
        const matches = matchesFilter(item, state.filter)
        if (shown && matches) {
          byId.set(item.id, item)
        } else if (shown && !matches) {
          byId.delete(item.id)
          order = order.filter((id) => id !== item.id)
          total -= 1
        } else if (matches) {
          byId.set(item.id, item)
          fresh.push(item.id)
          total += 1
        }
      }
      for (const id of delta.removed) {
        if (byId.has(id)) {
          byId.delete(id)
          order = order.filter((other) => other !== id)
          total -= 1
        }
      }
      // New items are the newest: they go on top, newest first.
      if (fresh.length > 0) order = [...fresh.sort((a, b) => b - a), ...order]
      return { byId, order, total, revision: delta.revision }
    })
  },

  filterChanged: (filter) => {
    set({ filter })
  },
  sortChanged: (sort) => {
    set({ sort })
  },
}))
