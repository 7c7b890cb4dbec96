import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChangeBatch, ChangeFeed } from '../ports/change-feed'
import type { Store } from '../ports/store'
import { newItem } from './store-harness'

/** Two processes' stores over the same data, as two processes sharing a data folder open it. */
export interface SharedStores {
  readonly mine: Store
  readonly theirs: Store
  dispose(): Promise<void>
}

export type MakeSharedStores = () => Promise<SharedStores>

/**
 * The change feed as every implementation must keep it (docs/architecture.md §3): another
 * process's changes are handed over once, with the items they touched; this process's own are
 * told as its own, so nothing is announced twice.
 */
export function describeChangeFeedContract(makeStores: MakeSharedStores): void {
  describe('ChangeFeed contract', () => {
    let stores: SharedStores
    let feed: ChangeFeed
    let batches: ChangeBatch[]

    beforeEach(async () => {
      stores = await makeStores()
      // Read by hand: no timer fires inside these tests.
      feed = await stores.mine.openChangeFeed({ pollMs: 3_600_000 })
      batches = []
      feed.follow((batch) => {
        batches.push(batch)
      })
    })

    afterEach(async () => {
      await feed.close()
      await stores.dispose()
    })

    it("hands over another process's changes once: the items it touched, and the kinds", async () => {
      const before = feed.position
      const [a, b] = await stores.theirs.items.insertMany([newItem('/a.jpg'), newItem('/b.jpg')])
      await stores.theirs.items.update(a?.id ?? -1, { state: 'hashing' })
      await stores.theirs.settings.set({ language: 'zh-CN' })
      await feed.poll()
      await feed.poll()
      expect(batches.flatMap((batch) => batch.items)).toEqual([a?.id, b?.id])
      const others = new Set(batches.flatMap((batch) => [...batch.others]))
      expect([...others].sort()).toEqual(['items', 'settings'])
      expect(feed.position).toBeGreaterThan(before)
      expect(batches.at(-1)?.position).toBe(feed.position)
    })

    it('tells its own changes as its own: no item of this process is handed back', async () => {
      const [own] = await stores.mine.items.insertMany([newItem('/own.jpg')])
      await stores.mine.items.update(own?.id ?? -1, { state: 'done' })
      await stores.mine.settings.set({ language: 'zh-CN' })
      const [other] = await stores.theirs.items.insertMany([newItem('/other.jpg')])
      await feed.poll()
      await feed.poll()
      expect(batches.flatMap((batch) => batch.items)).toEqual([other?.id])
      expect(new Set(batches.flatMap((batch) => [...batch.others]))).toEqual(new Set(['items']))
      // Settings have no other announcer: anyone's change to them is in `any`.
      const any = new Set(batches.flatMap((batch) => [...batch.any]))
      expect([...any].sort()).toEqual(['items', 'settings'])
    })

    it('carries what no store sees by itself (the keychain) to every process', async () => {
      const theirFeed = await stores.theirs.openChangeFeed({ pollMs: 3_600_000 })
      try {
        await theirFeed.record('credentials')
        await feed.poll()
        expect(new Set(batches.flatMap((batch) => [...batch.others]))).toEqual(
          new Set(['credentials']),
        )
      } finally {
        await theirFeed.close()
      }
    })
  })
}
