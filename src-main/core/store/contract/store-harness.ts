import { afterEach, beforeEach } from 'vitest'
import type { NewItem } from '../ports/queue-store'
import type { Store } from '../ports/store'

/** A new, empty store of one implementation, and how to open the same data again. */
export interface OpenedStore {
  readonly store: Store
  /** Closes `store` and opens the same data again: what a restart or another process sees. */
  reopen(): Promise<Store>
  /** Closes whatever is open and removes the data. */
  dispose(): Promise<void>
}

/**
 * How a contract suite gets stores: each implementation passes its own (SQLite: a temp data
 * folder; PostgreSQL: a fresh schema), and the suites never know which one they test.
 */
export type MakeStore = () => Promise<OpenedStore>

/** The store of the running test (a fresh one per test), and its reopen. */
export interface StoreUnderTest {
  readonly store: Store
  reopen(): Promise<Store>
}

/** Registers beforeEach/afterEach that give every test of the calling suite its own store. */
export function useStore(makeStore: MakeStore): StoreUnderTest {
  let opened: OpenedStore | null = null
  let current: Store | null = null
  beforeEach(async () => {
    opened = await makeStore()
    current = opened.store
  })
  afterEach(async () => {
    await opened?.dispose()
    opened = null
    current = null
  })
  return {
    get store() {
      if (current === null) throw new Error('the store opens in beforeEach')
      return current
    },
    async reopen() {
      if (opened === null) throw new Error('the store opens in beforeEach')
      current = await opened.reopen()
      return current
    },
  }
}

/** A queued local file item; `overrides` change any field. */
export function newItem(source: string, overrides: Partial<NewItem> = {}): NewItem {
  return { sourceKind: 'file', source, engine: 'local', scenes: ['porn'], ...overrides }
}
