import { describe, expect, it } from 'vitest'
import type { Item } from '../../../../src-shared/domain'
import type { ItemQuery } from '../ports/item-queries'
import type { ItemPatch, NewItem } from '../ports/queue-store'
import { newItem, useStore, type MakeStore, type StoreUnderTest } from './store-harness'

const SHA_A = 'aa'.repeat(32)
const SHA_B = 'bb'.repeat(32)

/** Adds one item and writes `patch` on it: the reads below need items in every state. */
async function stored(t: StoreUnderTest, item: NewItem, patch: ItemPatch = {}): Promise<Item> {
  const [added] = await t.store.items.insertMany([item])
  if (added === undefined) throw new Error('insertMany returned nothing')
  if (Object.keys(patch).length === 0) return added
  const updated = await t.store.items.update(added.id, patch)
  if (updated === undefined) throw new Error('update returned nothing')
  return updated
}

/**
 * What the list, the progress bar, exports and feedback rely on from ItemQueries
 * (store/ports/item-queries.ts): every implementation runs this same suite.
 */
export function describeItemQueriesContract(makeStore: MakeStore): void {
  describe('ItemQueries contract', () => {
    const t = useStore(makeStore)

    const collect = async (query?: ItemQuery, pageSize?: number): Promise<string[]> => {
      const out: string[] = []
      for await (const item of t.store.items.iterate(query, pageSize)) out.push(item.source)
      return out
    }

    it('pages the list newest first with the total of the filter', async () => {
      for (let i = 1; i <= 5; i++) await stored(t, newItem(`/${String(i)}.jpg`))
      const first = await t.store.items.list(0, 2, {})
      expect(first.items.map((i) => i.source)).toEqual(['/5.jpg', '/4.jpg'])
      expect(first.total).toBe(5)
      expect(first.skipped).toBe(0)
      const last = await t.store.items.list(4, 2, {})
      expect(last.items.map((i) => i.source)).toEqual(['/1.jpg'])
      expect((await t.store.items.list(10, 2, {})).items).toEqual([])
    })

    it('filters by state, suggestion, engine and a literal search', async () => {
      await stored(t, newItem('/a/100%_cat.jpg'), { state: 'done', suggestion: 'block' })
      await stored(t, newItem('/a/100x cat.jpg'), { state: 'done', suggestion: 'pass' })
      await stored(t, newItem('/b/dog.jpg', { engine: 'green', scenes: ['ad', 'qrcode'] }), {
        state: 'failed',
      })
      await stored(t, newItem('/b/Bird.JPG'))
      const sources = async (filter: Parameters<typeof t.store.items.list>[2]) => {
        const page = await t.store.items.list(0, 50, filter)
        expect(page.total).toBe(page.items.length)
        return page.items.map((i) => i.source).sort()
      }
      expect(await sources({ states: ['done'] })).toEqual(['/a/100%_cat.jpg', '/a/100x cat.jpg'])
      expect(await sources({ suggestions: ['block'] })).toEqual(['/a/100%_cat.jpg'])
      expect(await sources({ engine: 'green' })).toEqual(['/b/dog.jpg'])
      // Scanned for a scene is not flagged in it (item-finding.contract.ts has the flagged ones).
      expect(await sources({ scene: 'qrcode' })).toEqual([])
      expect(await sources({ states: ['queued'], engine: 'local' })).toEqual(['/b/Bird.JPG'])
      // `%` and `_` are the user's characters, not wildcards; case does not matter.
      expect(await sources({ search: '100%_' })).toEqual(['/a/100%_cat.jpg'])
      expect(await sources({ search: 'bird' })).toEqual(['/b/Bird.JPG'])
      expect(await sources({ states: [], suggestions: [] })).toHaveLength(4)
    })

    it('reads every item of an export oldest first, a page at a time', async () => {
      expect(await collect()).toEqual([])
      expect(await t.store.items.maxId()).toBe(0)
      const sources = Array.from({ length: 7 }, (_, i) => `/${String(i)}.jpg`)
      for (const source of sources) await stored(t, newItem(source))
      expect(await collect({}, 2)).toEqual(sources)
      expect(await collect({}, 7)).toEqual(sources)
    })

    it('pins an export to the items that existed when it started', async () => {
      await stored(t, newItem('/a.jpg'))
      await stored(t, newItem('/b.jpg'))
      const maxId = await t.store.items.maxId()
      await stored(t, newItem('/c.jpg'))
      expect(await collect({ maxId }, 1)).toEqual(['/a.jpg', '/b.jpg'])
    })

    it('reads only each source newest item for current-only exports', async () => {
      const old = await stored(t, newItem('/a.jpg'), { state: 'done', suggestion: 'block' })
      const current = await stored(t, newItem('/a.jpg'), { state: 'done', suggestion: 'pass' })
      const other = await stored(t, newItem('/b.jpg'), { state: 'done', suggestion: 'block' })
      expect(await collect({ currentOnly: true })).toEqual(['/a.jpg', '/b.jpg'])
      // The superseded block never shows: the filter applies to the newest item only.
      expect(await collect({ currentOnly: true, suggestions: ['block'] })).toEqual(['/b.jpg'])
      // Pinned before the rerun, the older item was the current one.
      expect(await collect({ currentOnly: true, maxId: old.id })).toEqual(['/a.jpg'])
      const ids = await t.store.items.currentIds([old, current, other])
      expect([...ids].sort((x, y) => x - y)).toEqual([current.id, other.id])
      // Pinned before the rerun, the older item was its source's newest.
      expect([...(await t.store.items.currentIds([old], old.id))]).toEqual([old.id])
      expect([...(await t.store.items.currentIds([old]))]).toEqual([])
    })

    it('reads the history of selected sources and items scanned since a moment', async () => {
      const a1 = await stored(t, newItem('/a.jpg'), { scannedAt: 1000 })
      await stored(t, newItem('/b.jpg'), { scannedAt: 5000 })
      await stored(t, newItem('/a.jpg'), { scannedAt: 9000 })
      expect(await collect({ sourcesOf: [a1.id] })).toEqual(['/a.jpg', '/a.jpg'])
      expect(await collect({ sourcesOf: [] })).toEqual([])
      expect(await collect({ since: 5000 })).toEqual(['/b.jpg', '/a.jpg'])
    })

    it('finds the items of one image by URL or by bytes, per engine and state', async () => {
      const url = 'https://x.example/a.jpg'
      const u1 = await stored(t, newItem(url, { sourceKind: 'url', engine: 'green' }), {
        state: 'done',
      })
      const u2 = await stored(t, newItem(url, { sourceKind: 'url' }), { state: 'done' })
      const f1 = await stored(t, newItem('/a.jpg'), { sha256: SHA_A, state: 'done' })
      const f2 = await stored(t, newItem('/renamed.jpg'), { sha256: SHA_A, state: 'failed' })
      await stored(t, newItem('/b.jpg'), { sha256: SHA_B, state: 'done' })
      // A URL item whose source happens to equal a hash is not an image with those bytes.
      await stored(t, newItem(SHA_A, { sourceKind: 'url' }), { state: 'done' })
      expect(await t.store.items.idsOfImage({ image: { url } })).toEqual([u1.id, u2.id])
      expect(await t.store.items.idsOfImage({ image: { url }, engine: 'green' })).toEqual([u1.id])
      expect(await t.store.items.idsOfImage({ image: { sha256: SHA_A } })).toEqual([f1.id, f2.id])
      expect(
        await t.store.items.idsOfImage({
          image: { sha256: SHA_A },
          state: 'done',
          engine: 'local',
        }),
      ).toEqual([f1.id])
      expect(await t.store.items.idsOfImage({ image: { sha256: 'ee'.repeat(32) } })).toEqual([])
    })

    it('finds items by dataId, Green taskId or item id', async () => {
      const a = await stored(t, newItem('/a.jpg'), { dataId: 'data-7' })
      const b = await stored(t, newItem('/b.jpg'), { taskId: 'task-7' })
      expect(await t.store.items.idsByReference('data-7')).toEqual([a.id])
      expect(await t.store.items.idsByReference('task-7')).toEqual([b.id])
      expect(await t.store.items.idsByReference(String(b.id))).toEqual([b.id])
      expect(await t.store.items.idsByReference('nothing')).toEqual([])
      expect(await t.store.items.idsByReference('99999999999999999999')).toEqual([])
    })

    it('has found no unreadable rows in a store it wrote itself', async () => {
      await stored(t, newItem('/a.jpg'))
      await t.store.items.list(0, 10, {})
      expect(t.store.items.unreadable.size).toBe(0)
    })
  })
}
