import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventChannel, EventPayload, GreenlightBridge, ItemsPage } from '../../src-shared/ipc'
import { ok } from '../../src-shared/result'
import { DEFAULT_SETTINGS, EMPTY_PROGRESS } from '../../src-shared/domain'
import { useAppStore } from '../stores/app-store'
import { EMPTY_VIEW, useItemsStore } from '../stores/items-store'
import { useUiStore } from '../stores/ui-store'
import { testItem } from '../../tests/fixtures/items'
import { createSync, RELOAD_DELAY_MS } from './sync'

type Listener = (payload: unknown) => void

/** A bridge whose items:list answer we release by hand, to interleave events with it. */
function fakeBridge() {
  const listeners = new Map<string, Listener[]>()
  const pendingPages: ((page: ItemsPage) => void)[] = []
  /** The offset of each items:list request, in order. */
  const offsets: number[] = []
  /** Every subscription and request, in the order sync made them. */
  const calls: string[] = []
  const bridge = {
    invoke: (channel: string, request?: { offset?: number }) => {
      calls.push(`invoke ${channel}`)
      if (channel === 'items:list') {
        offsets.push(request?.offset ?? 0)
        return new Promise((resolve) =>
          pendingPages.push((page) => {
            resolve(ok(page))
          }),
        )
      }
      if (channel === 'progress:get') {
        return Promise.resolve(ok(EMPTY_PROGRESS))
      }
      if (channel === 'app:get-info') {
        return Promise.resolve(ok({ defaultEngine: `engine-${String(calls.length)}` }))
      }
      return Promise.resolve(ok({}))
    },
    on: (event: string, listener: Listener) => {
      calls.push(`on ${event}`)
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return () => undefined
    },
    thumbnailUrl: (sha: string) => `thumb://${sha}`,
    previewUrl: (sha: string) => `thumb://preview/${sha}`,
  } as unknown as GreenlightBridge
  const emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners.get(event) ?? []) l(payload)
  }
  /** Answers the oldest open items:list request. */
  const answer = async (page: ItemsPage) => {
    pendingPages.shift()!(page)
    await flush()
  }
  return { bridge, emit, pendingPages, listeners, calls, offsets, answer }
}

const queued = (id: number, state: 'queued' | 'done' = 'queued') => testItem(id, { state })

/** A sync over a fake bridge, started: its first items:list is open. */
function started() {
  const fake = fakeBridge()
  const sync = createSync(fake.bridge)
  sync.start()
  return { fake, sync }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

/** `count` items with ids from `first` down (newest first). */
const items = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => queued(first - i))

beforeEach(() => {
  useItemsStore.setState(EMPTY_VIEW)
})

describe('sync', () => {
  it('subscribes before it asks for the snapshot', () => {
    const fake = fakeBridge()
    createSync(fake.bridge).start()
    // A delta sent between the snapshot's read and the subscription would be lost for good.
    const subscribed = fake.calls.indexOf('on items:changed')
    const asked = fake.calls.indexOf('invoke items:list')
    expect(subscribed).toBeGreaterThanOrEqual(0)
    expect(asked).toBeGreaterThan(subscribed)
  })

  it('replays deltas that arrived during the snapshot, dropping those it already includes', async () => {
    const fake = fakeBridge()
    createSync(fake.bridge).start()
    // Revision 1 is already in the snapshot; revision 2 happened after it was read.
    fake.emit('items:changed', { revision: 1, upserted: [queued(1)], removed: [] })
    fake.emit('items:changed', { revision: 2, upserted: [queued(1, 'done')], removed: [] })
    await fake.answer({ items: [queued(1)], total: 1, revision: 1 })
    const state = useItemsStore.getState()
    expect(state.byId.get(1)?.state).toBe('done')
    expect(state.slots).toEqual([1])
    expect(state.revision).toBe(2)
  })

  it('loads the pages in view by offset, down to the 100,000th item, and forgets far ones', async () => {
    const { fake, sync } = started()
    await fake.answer({ items: items(100_000, 200), total: 100_000, revision: 0 })
    // The scrollbar dragged to the end: only the last page is asked for, not the 499 between.
    sync.showRange(99_990, 100_000)
    expect(fake.offsets).toEqual([0, 99_800])
    await fake.answer({ items: items(200, 200), total: 100_000, revision: 0 })
    const state = useItemsStore.getState()
    expect(state.slots[99_999]).toBe(1)
    // The first page is far from the view now: evicted, so the heap stays bounded.
    sync.showRange(99_990, 100_000)
    expect(useItemsStore.getState().slots[0]).toBeNull()
    expect(useItemsStore.getState().byId.size).toBe(200)
  })

  it('asks once for the range where a fast scroll stops, not for every page it passed', async () => {
    const { fake, sync } = started()
    await fake.answer({ items: items(100_000, 200), total: 100_000, revision: 0 })
    sync.showRange(1000, 1050)
    sync.showRange(30_000, 30_050)
    sync.showRange(60_000, 60_050)
    expect(fake.offsets).toEqual([0, 1000])
    await fake.answer({ items: items(99_000, 200), total: 100_000, revision: 0 })
    expect(fake.offsets).toEqual([0, 1000, 60_000])
  })

  it('applies the deltas a page already includes before it, and the newer ones after', async () => {
    const { fake, sync } = started()
    await fake.answer({ items: items(400, 200), total: 400, revision: 1 })
    sync.showRange(300, 320)
    // Item 400 (loaded) changes at 2, before the second page is read at 2; item 100 at 3.
    fake.emit('items:changed', { revision: 2, upserted: [queued(400, 'done')], removed: [] })
    fake.emit('items:changed', { revision: 3, upserted: [queued(100, 'done')], removed: [] })
    await fake.answer({ items: items(200, 200), total: 400, revision: 2 })
    const state = useItemsStore.getState()
    expect(state.byId.get(400)?.state).toBe('done')
    expect(state.byId.get(100)?.state).toBe('done')
    expect(state.revision).toBe(3)
  })

  it("asks again for a page read before the view's newest delta, instead of placing it", async () => {
    const { fake, sync } = started()
    await fake.answer({ items: items(400, 200), total: 400, revision: 5 })
    fake.emit('items:changed', { revision: 6, upserted: [queued(150, 'done')], removed: [] })
    sync.showRange(300, 320)
    // Read at 4: placing it would show item 150 as it was before revision 6.
    await fake.answer({ items: items(200, 200), total: 400, revision: 4 })
    expect(fake.offsets).toEqual([0, 200, 200])
    expect(useItemsStore.getState().slots[250]).toBeNull()
    await fake.answer({ items: items(200, 200), total: 400, revision: 6 })
    expect(useItemsStore.getState().slots[250]).toBe(150)
  })

  it('reloads the loaded pages once, debounced, after deltas that move items', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const fake = fakeBridge()
      useItemsStore.setState({ sort: 'name' })
      const sync = createSync(fake.bridge)
      sync.start()
      fake.pendingPages.shift()!({ items: items(2, 2), total: 2, revision: 0 })
      await vi.advanceTimersByTimeAsync(0)
      sync.showRange(0, 2)
      // Two new items, whose place by name only main knows.
      fake.emit('items:changed', { revision: 1, upserted: [queued(3)], removed: [] })
      fake.emit('items:changed', { revision: 2, upserted: [queued(4)], removed: [] })
      expect(fake.offsets).toEqual([0])
      await vi.advanceTimersByTimeAsync(RELOAD_DELAY_MS)
      expect(fake.offsets).toEqual([0, 0])
      fake.pendingPages.shift()!({ items: items(4, 4), total: 4, revision: 2 })
      await vi.advanceTimersByTimeAsync(0)
      expect(useItemsStore.getState().slots).toEqual([4, 3, 2, 1])
      expect(useItemsStore.getState().stale).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows settings and the account as main announces them, and reads the default engine again', async () => {
    const fake = fakeBridge()
    createSync(fake.bridge).start()
    await new Promise((r) => setTimeout(r, 0))
    const infoBefore = useAppStore.getState().info
    fake.emit('settings:changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' })
    expect(useAppStore.getState().settings?.language).toBe('zh-CN')
    await vi.waitFor(() => {
      expect(useAppStore.getState().info).not.toEqual(infoBefore)
    })
    const status = {
      configured: true,
      accessKeyIdMasked: 'LTAI****01',
      source: 'keychain' as const,
      region: 'cn-beijing' as const,
      endpoint: null,
      profile: 'default',
    }
    fake.emit('credentials:changed', status)
    expect(useAppStore.getState().credentials).toEqual(status)
    expect(fake.calls.filter((c) => c === 'invoke app:get-info')).toHaveLength(3)
  })

  it('selects the item main asks to focus (a clicked notification)', () => {
    const fake = fakeBridge()
    useUiStore.setState({ selectedId: 3 })
    createSync(fake.bridge).start()
    fake.emit('items:focus-requested', { itemId: 42 })
    expect(useUiStore.getState().selectedId).toBe(42)
  })
})
