import { beforeEach, describe, expect, it } from 'vitest'
import { testItem } from '../../tests/fixtures/items'
import { useItemsStore } from './items-store'

const item = testItem

const store = () => useItemsStore.getState()

beforeEach(() => {
  useItemsStore.setState({ order: [], byId: new Map(), total: 0, revision: -1, filter: {} })
})

describe('items store', () => {
  it('drops deltas at or below the snapshot revision', () => {
    store().snapshotLoaded({ items: [item(2), item(1)], total: 2, revision: 5 }, 'replace')
    store().itemsChanged({ revision: 5, upserted: [item(1, { state: 'done' })], removed: [] })
    expect(store().byId.get(1)?.state).toBe('queued')
    store().itemsChanged({ revision: 6, upserted: [item(1, { state: 'done' })], removed: [] })
    expect(store().byId.get(1)?.state).toBe('done')
    expect(store().revision).toBe(6)
  })

  it('puts new matching items on top, newest first, and counts them', () => {
    store().snapshotLoaded({ items: [item(1)], total: 1, revision: 0 }, 'replace')
    store().itemsChanged({ revision: 1, upserted: [item(2), item(3)], removed: [] })
    expect(store().order).toEqual([3, 2, 1])
    expect(store().total).toBe(3)
  })

  it('keeps a filtered view live: items leave when they stop matching and non-matching ones never enter', () => {
    useItemsStore.setState({ filter: { states: ['queued'] } })
    store().snapshotLoaded({ items: [item(2), item(1)], total: 2, revision: 0 }, 'replace')
    store().itemsChanged({
      revision: 1,
      upserted: [item(1, { state: 'done', suggestion: 'pass' }), item(3, { state: 'failed' })],
      removed: [],
    })
    expect(store().order).toEqual([2])
    expect(store().total).toBe(1)
  })

  it('removes deleted items', () => {
    store().snapshotLoaded({ items: [item(2), item(1)], total: 2, revision: 0 }, 'replace')
    store().itemsChanged({ revision: 1, upserted: [], removed: [2] })
    expect(store().order).toEqual([1])
    expect(store().total).toBe(1)
  })

  it('appends a page without duplicating rows already shown', () => {
    store().snapshotLoaded({ items: [item(3), item(2)], total: 3, revision: 0 }, 'replace')
    store().snapshotLoaded({ items: [item(2), item(1)], total: 3, revision: 0 }, 'append')
    expect(store().order).toEqual([3, 2, 1])
  })
})
