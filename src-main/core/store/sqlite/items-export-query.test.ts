import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../../../src-shared/domain'
import type { ItemQuery } from '../ports/item-queries'
import type { NewItem } from '../ports/queue-store'
import { ItemsRepo } from './items-repo'
import { openStore, type SqliteStore } from './open-store'

let dir: string
let store: SqliteStore
let clock: number
let repo: ItemsRepo

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-export-query-'))
  store = await openStore(dir)
  clock = Date.UTC(2026, 10, 1)
  repo = new ItemsRepo(store.db, () => clock)
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const newItem = (n: number, extra: Partial<NewItem> = {}): NewItem => ({
  sourceKind: 'file',
  source: `/p/${n}.jpg`,
  engine: 'local',
  scenes: ['porn'],
  ...extra,
})

async function all(query?: ItemQuery, pageSize?: number): Promise<Item[]> {
  const out: Item[] = []
  for await (const item of repo.iterate(query, pageSize)) out.push(item)
  return out
}

describe('ItemsRepo.iterate', () => {
  it('reads every item once, oldest first, across many pages', async () => {
    await repo.insertMany(Array.from({ length: 1234 }, (_, i) => newItem(i)))
    const items = await all({}, 100)
    expect(items).toHaveLength(1234)
    const ids = items.map((i) => i.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(1234)
    expect(items[0]?.source).toBe('/p/0.jpg')
  })

  it('yields nothing for an empty store, and maxId is 0', async () => {
    expect(await all()).toEqual([])
    expect(await repo.maxId()).toBe(0)
  })

  it('applies the list filter, and scannedFor: the scenes an item was scanned for', async () => {
    const [a, b, c] = await repo.insertMany([
      newItem(1, { scenes: ['porn', 'qrcode'] }),
      newItem(2, { scenes: ['porn'] }),
      newItem(3, { scenes: ['qrcode'] }),
    ])
    if (!a || !b || !c) throw new Error('insert failed')
    await repo.update(a.id, { state: 'done', suggestion: 'block' })
    await repo.update(b.id, { state: 'done', suggestion: 'pass' })
    await repo.update(c.id, { state: 'failed' })
    const sources = async (q: ItemQuery) => (await all(q)).map((i) => i.source)
    expect(await sources({ suggestions: ['block', 'review'] })).toEqual(['/p/1.jpg'])
    expect(await sources({ scannedFor: 'qrcode' })).toEqual(['/p/1.jpg', '/p/3.jpg'])
    expect(await sources({ states: ['failed'] })).toEqual(['/p/3.jpg'])
  })

  it('since: scanned at or after the date; never-scanned items by their last change', async () => {
    const day = 24 * 3600 * 1000
    const [old, fresh, failedToday, queuedLongAgo] = await repo.insertMany([
      newItem(1),
      newItem(2),
      newItem(3),
      newItem(4),
    ])
    if (!old || !fresh || !failedToday || !queuedLongAgo) throw new Error('insert failed')
    const since = clock + 10 * day
    await repo.update(old.id, { state: 'done', scannedAt: since - 1 })
    await repo.update(fresh.id, { state: 'done', scannedAt: since })
    clock = since + day
    await repo.update(failedToday.id, { state: 'failed' })
    expect((await all({ since })).map((i) => i.source)).toEqual(['/p/2.jpg', '/p/3.jpg'])
  })

  it('maxId pins the set: items added during an export are left for the next one', async () => {
    await repo.insertMany(Array.from({ length: 30 }, (_, i) => newItem(i)))
    const maxId = await repo.maxId()
    const seen: number[] = []
    for await (const item of repo.iterate({ maxId }, 10)) {
      seen.push(item.id)
      if (seen.length === 5) await repo.insertMany([newItem(100), newItem(101)])
    }
    expect(seen).toHaveLength(30)
    expect(Math.max(...seen)).toBe(maxId)
  })

  it('without maxId, an item added mid-way is read once, never twice', async () => {
    await repo.insertMany(Array.from({ length: 25 }, (_, i) => newItem(i)))
    const seen: number[] = []
    for await (const item of repo.iterate({}, 10)) {
      seen.push(item.id)
      if (seen.length === 12) await repo.insertMany([newItem(200)])
    }
    expect(seen).toHaveLength(26)
    expect(new Set(seen).size).toBe(26)
  })
})

describe('ItemsRepo.iterate, current items only', () => {
  it("keeps each source's newest item: a rerun and an edit supersede the older ones", async () => {
    const [a1, b1] = await repo.insertMany([newItem(1), newItem(2)])
    if (!a1 || !b1) throw new Error('insert failed')
    await repo.update(a1.id, { state: 'failed' })
    await repo.update(b1.id, { state: 'done', suggestion: 'block', sha256: 'b1' })
    const [a2, b2] = await repo.insertMany([newItem(1), newItem(2)])
    if (!a2 || !b2) throw new Error('insert failed')
    await repo.update(a2.id, { state: 'done', suggestion: 'pass' })
    await repo.update(b2.id, { state: 'done', suggestion: 'pass', sha256: 'b2' })
    const current = await all({ currentOnly: true })
    expect(current.map((i) => i.id)).toEqual([a2.id, b2.id])
    // A filter looks at current items: b's superseded block does not come back.
    expect(await all({ currentOnly: true, suggestions: ['block'] })).toEqual([])
    expect(await all({ currentOnly: true, states: ['failed'] })).toEqual([])
    expect(await all({ suggestions: ['block'] })).toHaveLength(1)
    expect(await repo.currentIds([a1, b1, a2, b2])).toEqual(new Set([a2.id, b2.id]))
  })

  it('with maxId, an item added during the export does not supersede one already in it', async () => {
    const [first] = await repo.insertMany([newItem(1)])
    if (!first) throw new Error('insert failed')
    const maxId = await repo.maxId()
    await repo.insertMany([newItem(1)])
    expect((await all({ currentOnly: true, maxId })).map((i) => i.id)).toEqual([first.id])
    expect(await repo.currentIds([first], maxId)).toEqual(new Set([first.id]))
    expect(await repo.currentIds([first])).toEqual(new Set())
  })

  it('sourcesOf: the sources of the chosen items, whichever of their items was chosen', async () => {
    const [a1, b1, c1] = await repo.insertMany([newItem(1), newItem(2), newItem(3)])
    const [a2] = await repo.insertMany([newItem(1)])
    if (!a1 || !b1 || !c1 || !a2) throw new Error('insert failed')
    const ids = async (q: ItemQuery) => (await all(q)).map((i) => i.id)
    expect(await ids({ sourcesOf: [a1.id, c1.id] })).toEqual([a1.id, c1.id, a2.id])
    expect(await ids({ sourcesOf: [a1.id, c1.id], currentOnly: true })).toEqual([c1.id, a2.id])
    expect(await ids({ sourcesOf: [] })).toEqual([])
  })
})
