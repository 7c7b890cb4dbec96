import { describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { testItem } from '../../../tests/fixtures/items'
import { EventHub } from './event-hub'

const item = (id: number, state: Item['state']): Item => testItem(id, { state })

describe('EventHub', () => {
  it('coalesces many changes into one delta holding the latest version of each item', async () => {
    const hub = new EventHub(10)
    const seen: unknown[] = []
    hub.subscribe((event, payload) => seen.push({ event, payload }))
    for (let i = 0; i < 100; i++) hub.itemsChanged([item(1, i % 2 === 0 ? 'hashing' : 'scanning')])
    hub.itemsChanged([item(2, 'queued')])
    hub.itemsChanged([item(1, 'done')])
    expect(seen).toHaveLength(0)
    await new Promise((r) => setTimeout(r, 30))
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      event: 'items:changed',
      payload: { revision: 1, upserted: [{ id: 1, state: 'done' }, { id: 2 }], removed: [] },
    })
  })

  it('a removal cancels a pending upsert of the same item', () => {
    const hub = new EventHub(1000)
    const seen: unknown[] = []
    hub.subscribe((_event, payload) => seen.push(payload))
    hub.itemsChanged([item(1, 'queued')])
    hub.itemsRemoved([1])
    hub.flush()
    expect(seen).toEqual([{ revision: 1, upserted: [], removed: [1] }])
  })

  it('numbers deltas past the change feed position a snapshot carries, each past the last', () => {
    const hub = new EventHub(1000)
    const revisions: number[] = []
    hub.subscribe((event, payload) => {
      if (event === 'items:changed') revisions.push((payload as { revision: number }).revision)
    })
    hub.feedAdvanced(40)
    expect(hub.currentRevision).toBe(40)
    hub.itemsChanged([item(1, 'queued')])
    hub.flush()
    // Not read by the feed yet: the next delta still comes after the one before it.
    hub.itemsChanged([item(1, 'done')])
    hub.flush()
    hub.feedAdvanced(30)
    expect(hub.currentRevision).toBe(40)
    hub.feedAdvanced(50)
    hub.itemsChanged([item(2, 'queued')])
    hub.flush()
    expect(revisions).toEqual([41, 42, 51])
  })

  it('keeps delivering to other listeners when one throws', () => {
    const hub = new EventHub(1000)
    let delivered = 0
    hub.subscribe(() => {
      throw new Error('window closed')
    })
    hub.subscribe(() => {
      delivered += 1
    })
    hub.itemsChanged([item(1, 'queued')])
    hub.flush()
    expect(delivered).toBe(1)
  })
})
