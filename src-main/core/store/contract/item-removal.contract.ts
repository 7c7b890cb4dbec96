import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newItem, useStore, type MakeStore } from './store-harness'

const ROOT = join(sep, 'photos')
const SHA = 'ab'.repeat(32)

/** What removing items relies on from an ItemRemoval: the same for every implementation. */
export function describeItemRemovalContract(makeStore: MakeStore): void {
  describe('ItemRemoval contract', () => {
    const t = useStore(makeStore)

    /** Three queued items' ids, oldest first. */
    const three = async (): Promise<[number, number, number]> => {
      const [a, b, c] = await t.store.items.insertMany(
        ['a.jpg', 'b.jpg', 'c.jpg'].map((n) => newItem(join(ROOT, n))),
      )
      if (!a || !b || !c) throw new Error('three items were not stored')
      return [a.id, b.id, c.id]
    }

    it('removes the named items, finished or waiting, and leaves the rest', async () => {
      const [a, b, c] = await three()
      await t.store.items.update(a, { state: 'done', suggestion: 'pass' })
      const removal = await t.store.removal.remove({ ids: [a, b, 999] })
      expect(removal).toEqual({ removed: [a, b], running: 0, deciding: 0 })
      expect((await t.store.items.list(0, 10, {})).items.map((i) => i.id)).toEqual([c])
      expect(await t.store.items.get(a)).toBeUndefined()
      expect((await t.store.items.progress()).total).toBe(1)
    })

    it('leaves items in flight in place and counts them', async () => {
      const [a, b] = await three()
      await t.store.items.update(a, { state: 'scanning' })
      await t.store.items.update(b, { state: 'polling', taskId: 't1' })
      const removal = await t.store.removal.remove({ filter: {} })
      expect(removal).toMatchObject({ running: 2, deciding: 0 })
      expect(removal.removed).toHaveLength(1)
      expect((await t.store.items.getMany([a, b])).map((i) => i.state)).toEqual([
        'scanning',
        'polling',
      ])
    })

    it('removes by the list filter: only what the filter matches', async () => {
      const [a, b, c] = await three()
      await t.store.items.update(a, { state: 'done', suggestion: 'pass' })
      await t.store.items.update(b, { state: 'failed' })
      const removal = await t.store.removal.remove({ filter: { states: ['done', 'failed'] } })
      expect([...removal.removed].sort()).toEqual([a, b].sort())
      expect((await t.store.items.list(0, 10, {})).items.map((i) => i.id)).toEqual([c])
    })

    it('keeps items a decision in its grace period covers, and frees them once it is sent', async () => {
      const [a, b] = await three()
      for (const id of [a, b]) {
        await t.store.items.update(id, { state: 'done', sha256: SHA, suggestion: 'block' })
      }
      const decision = await t.store.decisions.record({
        suggestion: 'pass',
        label: null,
        note: null,
        images: [{ subject: SHA, engine: 'local', itemIds: [a], scenes: ['porn'] }],
        at: 1_000,
        dueAt: 6_000,
      })
      expect(await t.store.removal.remove({ ids: [a, b] })).toEqual({
        removed: [b],
        running: 0,
        deciding: 1,
      })
      await t.store.decisions.claimDue(6_000, 'me', 99_000, 10)
      expect(await t.store.removal.remove({ ids: [a] })).toMatchObject({ deciding: 1 })
      await t.store.decisions.markSent(decision.id, 'me')
      expect(await t.store.removal.remove({ ids: [a] })).toMatchObject({ removed: [a] })
      // The correction belongs to the image, not the item: it stays for the next scan of it.
      expect(await t.store.feedback.lookup(SHA, 'local')).not.toBeNull()
    })

    it('never gives a removed id to a new item, across a restart too', async () => {
      const [, , c] = await three()
      await t.store.removal.remove({ ids: [c] })
      const [d] = await t.store.items.insertMany([newItem(join(ROOT, 'd.jpg'))])
      expect(d?.id).toBeGreaterThan(c)
      await t.store.removal.remove({ ids: d ? [d.id] : [] })
      const store = await t.reopen()
      const [e] = await store.items.insertMany([newItem(join(ROOT, 'e.jpg'))])
      expect(e?.id).toBeGreaterThan(d?.id ?? Infinity)
    })

    it("keeps a watched file's row, so the watcher does not add it back, without the item", async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      const [a] = await three()
      const path = join(ROOT, 'a.jpg')
      await t.store.watch.files.apply([
        {
          kind: 'put',
          file: {
            path,
            folderId: folder.id,
            size: 10,
            mtimeMs: 1,
            sha256: SHA,
            state: 'present',
            itemId: a,
          },
        },
      ])
      await t.store.removal.remove({ ids: [a] })
      expect(await t.store.watch.files.get(path)).toMatchObject({
        state: 'present',
        sha256: SHA,
        itemId: null,
      })
    })
  })
}
