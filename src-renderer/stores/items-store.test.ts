import { beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../src-shared/domain'
import { testItem } from '../../tests/fixtures/items'
import { EMPTY_VIEW, itemAt, useItemsStore } from './items-store'

const item = testItem

const store = () => useItemsStore.getState()

/** A page of items with these ids, in this order, read at `revision`. */
const page = (ids: number[], total: number, revision: number, patch: Partial<Item> = {}) => ({
  items: ids.map((id) => item(id, patch)),
  total,
  revision,
})

const shown = () => store().slots.map((id) => id ?? '-')

beforeEach(() => {
  useItemsStore.setState(EMPTY_VIEW)
})

describe('items store: a sparse window', () => {
  it('holds one slot per item of the filter, loaded where its page is', () => {
    // The 100,000th item is reachable: its page is placed by offset, the rest stay empty.
    store().pageLoaded(99_998, page([2, 1], 100_000, 3))
    expect(store().total).toBe(100_000)
    expect(store().slots).toHaveLength(100_000)
    expect(itemAt(store(), 99_999)?.id).toBe(1)
    expect(itemAt(store(), 0)).toBeUndefined()
    expect(store().byId.size).toBe(2)
  })

  it('evicts the items outside the kept window, so the heap stays bounded', () => {
    store().pageLoaded(0, page([10, 9, 8], 10, 0))
    store().pageLoaded(7, page([3, 2, 1], 10, 0))
    store().windowKept(6, 10)
    expect(shown()).toEqual(['-', '-', '-', '-', '-', '-', '-', 3, 2, 1])
    expect([...store().byId.keys()].sort()).toEqual([1, 2, 3])
  })

  it('drops deltas at or below the snapshot revision', () => {
    store().pageLoaded(0, page([2, 1], 2, 5))
    store().itemsChanged({ revision: 5, upserted: [item(1, { state: 'done' })], removed: [] })
    expect(store().byId.get(1)?.state).toBe('queued')
    store().itemsChanged({ revision: 6, upserted: [item(1, { state: 'done' })], removed: [] })
    expect(store().byId.get(1)?.state).toBe('done')
    expect(store().revision).toBe(6)
  })

  it('refuses a page older than the view (its rows would undo newer deltas)', () => {
    store().pageLoaded(0, page([2, 1], 2, 5))
    store().itemsChanged({ revision: 6, upserted: [item(1, { state: 'done' })], removed: [] })
    expect(store().pageLoaded(0, page([2, 1], 2, 4))).toBe(false)
    expect(store().byId.get(1)?.state).toBe('done')
  })

  it('newest: puts new matching items on top, newest first, and counts them', () => {
    store().pageLoaded(0, page([1], 1, 0))
    store().itemsChanged({ revision: 1, upserted: [item(2), item(3)], removed: [] })
    expect(shown()).toEqual([3, 2, 1])
    expect(store().total).toBe(3)
    expect(store().stale).toBe(false)
  })

  it('newest: an update to an item of a page not loaded is neither new nor counted again', () => {
    // 300 items, the first page loaded (ids 300..101); item 5 lives in an unloaded page.
    const ids = Array.from({ length: 200 }, (_, i) => 300 - i)
    store().pageLoaded(0, page(ids, 300, 0))
    store().itemsChanged({ revision: 1, upserted: [item(5, { state: 'done' })], removed: [] })
    expect(store().total).toBe(300)
    expect(store().slots[0]).toBe(300)
    expect(store().byId.has(5)).toBe(false)
  })

  it('oldest: new items go at the bottom', () => {
    useItemsStore.setState({ sort: 'oldest' })
    store().pageLoaded(0, page([1, 2], 2, 0))
    store().itemsChanged({ revision: 1, upserted: [item(4), item(3)], removed: [] })
    expect(shown()).toEqual([1, 2, 3, 4])
    expect(store().stale).toBe(false)
  })

  it.each(['name', 'risk'] as const)(
    "%s: a new item marks the loaded pages for a reload (its place is main's to say)",
    (sort) => {
      useItemsStore.setState({ sort })
      store().pageLoaded(0, page([1, 2], 2, 0))
      store().itemsChanged({ revision: 1, upserted: [item(3)], removed: [] })
      expect(store().stale).toBe(true)
      // The rows shown keep their places until the reload brings the new count and order.
      expect(shown()).toEqual([1, 2])
    },
  )

  it('risk: a changed verdict moves the item, so the loaded pages are marked for a reload', () => {
    useItemsStore.setState({ sort: 'risk' })
    store().pageLoaded(0, page([1, 2], 2, 0))
    store().itemsChanged({
      revision: 1,
      upserted: [item(2, { state: 'done', suggestion: 'block' })],
      removed: [],
    })
    expect(store().stale).toBe(true)
    expect(store().byId.get(2)?.suggestion).toBe('block')
  })

  it('name: a changed state moves nothing', () => {
    useItemsStore.setState({ sort: 'name' })
    store().pageLoaded(0, page([1, 2], 2, 0))
    store().itemsChanged({ revision: 1, upserted: [item(2, { state: 'done' })], removed: [] })
    expect(store().stale).toBe(false)
  })

  it('keeps a filtered view live: items leave when they stop matching and non-matching ones never enter', () => {
    useItemsStore.setState({ filter: { states: ['queued'] } })
    store().pageLoaded(0, page([2, 1], 2, 0))
    store().itemsChanged({
      revision: 1,
      upserted: [item(1, { state: 'done', suggestion: 'pass' }), item(3, { state: 'failed' })],
      removed: [],
    })
    expect(shown()).toEqual([2])
    expect(store().total).toBe(1)
  })

  it('removes deleted items; one deleted from a page not loaded makes the window reload', () => {
    store().pageLoaded(0, page([3, 2], 3, 0))
    store().itemsChanged({ revision: 1, upserted: [], removed: [2] })
    expect(shown()).toEqual([3, '-'])
    expect(store().total).toBe(2)
    expect(store().stale).toBe(false)
    store().itemsChanged({ revision: 2, upserted: [], removed: [1] })
    expect(store().stale).toBe(true)
  })

  it('a new filter keeps the last rows shown until its first page replaces them all', () => {
    store().pageLoaded(0, page([3, 2, 1], 3, 4))
    const query = store().query
    store().filterChanged({ suggestions: ['block'] })
    expect(store().query).toBe(query + 1)
    expect(shown()).toEqual([3, 2, 1])
    // Its first page may be read at any revision: it starts the view afresh.
    store().pageLoaded(0, page([2], 1, 4))
    expect(shown()).toEqual([2])
    expect([...store().byId.keys()]).toEqual([2])
    expect(store().pending).toBe(false)
  })
})
