import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventChannel, EventPayload, GreenlightBridge, ItemsPage } from '../../src-shared/ipc'
import { ok } from '../../src-shared/result'
import { DEFAULT_SETTINGS, EMPTY_PROGRESS } from '../../src-shared/domain'
import { useAppStore } from '../stores/app-store'
import { useItemsStore } from '../stores/items-store'
import { useUiStore } from '../stores/ui-store'
import { testItem } from '../../tests/fixtures/items'
import { createSync } from './sync'

type Listener = (payload: unknown) => void

/** A bridge whose items:list answer we release by hand, to interleave events with it. */
function fakeBridge() {
  const listeners = new Map<string, Listener[]>()
  const pendingPages: ((page: ItemsPage) => void)[] = []
  /** Every subscription and request, in the order sync made them. */
  const calls: string[] = []
  const bridge = {
    invoke: (channel: string) => {
      calls.push(`invoke ${channel}`)
      if (channel === 'items:list') {
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
  return { bridge, emit, pendingPages, listeners, calls }
}

const queued = (id: number, state: 'queued' | 'done' = 'queued') => testItem(id, { state })

beforeEach(() => {
  useItemsStore.setState({ order: [], byId: new Map(), total: 0, revision: -1, filter: {} })
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
    fake.pendingPages[0]!({ items: [queued(1)], total: 1, revision: 1 })
    await new Promise((r) => setTimeout(r, 0))
    const state = useItemsStore.getState()
    expect(state.byId.get(1)?.state).toBe('done')
    expect(state.order).toEqual([1])
    expect(state.revision).toBe(2)
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
