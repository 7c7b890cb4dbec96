import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { IndexedFile } from '../ports/watch-index'
import { newItem, useStore, type MakeStore } from './store-harness'

const ROOT = join(sep, 'photos')
const SHA = 'ab'.repeat(32)

/** What the folder watcher relies on from a WatchIndex: the same for every implementation. */
export function describeWatchIndexContract(makeStore: MakeStore): void {
  describe('WatchIndex contract: watched folders', () => {
    const t = useStore(makeStore)

    it('adds a folder with the defaults and updates only the fields given', async () => {
      const folders = t.store.watch.folders
      expect(await folders.list()).toEqual([])
      const added = await folders.upsert(ROOT)
      // Watched with everything on, engine and scenes from settings, no sweep, not indexed yet.
      expect(added).toEqual({
        id: added.id,
        path: ROOT,
        indexedAt: null,
        sweepMs: null,
        scenes: null,
        engine: null,
        enabled: true,
        recursive: true,
        scanExisting: true,
      })
      const changed = await folders.upsert(ROOT, {
        engine: 'green',
        scenes: ['ad'],
        sweepMs: 60_000,
      })
      expect(changed).toEqual({ ...added, engine: 'green', scenes: ['ad'], sweepMs: 60_000 })
      expect(await folders.upsert(ROOT, { enabled: false })).toMatchObject({
        enabled: false,
        engine: 'green',
      })
      const other = await folders.upsert(join(ROOT, '..', 'more'))
      expect((await folders.list()).map((f) => f.id)).toEqual([added.id, other.id])
      expect(await folders.get(added.id)).toMatchObject({ path: ROOT, enabled: false })
      expect(await folders.byPath(join(ROOT, 'none'))).toBeUndefined()
    })

    it('records the first full listing once', async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      await t.store.watch.folders.markIndexed(folder.id)
      const first = (await t.store.watch.folders.get(folder.id))?.indexedAt
      expect(typeof first).toBe('number')
      await t.store.watch.folders.markIndexed(folder.id)
      expect((await t.store.watch.folders.get(folder.id))?.indexedAt).toBe(first)
    })

    it('forgets a removed folder and its index, and keeps the items it produced', async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      const [item] = await t.store.items.insertMany([newItem(join(ROOT, 'a.jpg'))])
      await t.store.watch.files.apply([{ kind: 'put', file: file(folder.id, 'a.jpg', item?.id) }])
      expect(await t.store.watch.folders.remove(folder.id)).toBe(true)
      expect(await t.store.watch.folders.remove(folder.id)).toBe(false)
      expect(await t.store.watch.folders.list()).toEqual([])
      expect(await t.store.watch.files.list()).toEqual([])
      expect(await t.store.items.get(item?.id ?? 0)).toBeDefined()
    })
  })

  describe('WatchIndex contract: file index', () => {
    const t = useStore(makeStore)

    it('stores a file and reads it back by path, by folder and by content', async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      const a = { ...file(folder.id, 'a.jpg'), sha256: SHA }
      await t.store.watch.files.apply([
        { kind: 'put', file: a },
        { kind: 'put', file: file(folder.id, 'b.jpg') },
      ])
      expect(await t.store.watch.files.get(a.path)).toEqual(a)
      expect(await t.store.watch.files.get(join(ROOT, 'none.jpg'))).toBeUndefined()
      expect((await t.store.watch.files.list(folder.id)).map((f) => f.path)).toEqual([
        join(ROOT, 'a.jpg'),
        join(ROOT, 'b.jpg'),
      ])
      expect(await t.store.watch.files.withHash(SHA, join(ROOT, 'elsewhere.jpg'))).toEqual([a])
      expect(await t.store.watch.files.withHash(SHA, a.path)).toEqual([])
      // A later put of the same path replaces the row.
      await t.store.watch.files.apply([{ kind: 'put', file: { ...a, size: 99, sha256: null } }])
      expect(await t.store.watch.files.get(a.path)).toMatchObject({ size: 99, sha256: null })
    })

    it('moves a row, and its item when the item still names the old path', async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      const [followed, renamed] = await t.store.items.insertMany([
        newItem(join(ROOT, 'a.jpg')),
        newItem(join(ROOT, 'added-by-hand.jpg')),
      ])
      await t.store.watch.files.apply([
        { kind: 'put', file: { ...file(folder.id, 'a.jpg', followed?.id), sha256: SHA } },
        { kind: 'put', file: file(folder.id, 'b.jpg', renamed?.id) },
      ])
      // A move names only where the file is now: its hash and item come from the old row.
      const aTo = file(folder.id, join('sub', 'a2.jpg'))
      const bTo = file(folder.id, 'b2.jpg')
      const moved = await t.store.watch.files.apply([
        { kind: 'move', from: join(ROOT, 'a.jpg'), file: aTo },
        { kind: 'move', from: join(ROOT, 'b.jpg'), file: bTo },
      ])
      expect(moved).toEqual([followed?.id])
      expect(await t.store.watch.files.get(join(ROOT, 'a.jpg'))).toBeUndefined()
      expect(await t.store.watch.files.get(aTo.path)).toMatchObject({
        itemId: followed?.id,
        sha256: SHA,
      })
      expect((await t.store.items.get(followed?.id ?? 0))?.source).toBe(aTo.path)
      expect((await t.store.items.get(renamed?.id ?? 0))?.source).toBe(
        join(ROOT, 'added-by-hand.jpg'),
      )
    })

    it('marks files missing one by one or a whole folder at once', async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      const other = await t.store.watch.folders.upsert(join(sep, 'other'))
      await t.store.watch.files.apply([
        { kind: 'put', file: file(folder.id, 'a.jpg') },
        { kind: 'put', file: file(folder.id, 'b.jpg') },
        { kind: 'put', file: { ...file(other.id, 'c.jpg'), path: join(sep, 'other', 'c.jpg') } },
      ])
      await t.store.watch.files.apply([{ kind: 'missing', path: join(ROOT, 'a.jpg') }])
      expect(await t.store.watch.files.presentPaths(folder.id)).toEqual([join(ROOT, 'b.jpg')])
      await t.store.watch.files.apply([{ kind: 'folder-missing', folderId: folder.id }])
      expect(await t.store.watch.files.presentPaths(folder.id)).toEqual([])
      expect(await t.store.watch.files.presentPaths(other.id)).toHaveLength(1)
      expect((await t.store.watch.files.get(join(ROOT, 'b.jpg')))?.state).toBe('missing')
    })

    it('lists present files below a folder whatever characters the names hold', async () => {
      // `_` and `%` in the folder itself: a pattern match would take them for wildcards.
      const dir = join(sep, 'pho_tos 100%')
      const folder = await t.store.watch.folders.upsert(dir)
      const at = (path: string) => ({ ...file(folder.id, 'x'), path })
      await t.store.watch.files.apply(
        [
          join(dir, '100%_a.jpg'),
          join(dir, 'sub', '猫.jpg'),
          join(dir, 'b.jpg'),
          // Siblings whose names start like the folder's, or match it as a pattern, are not in it.
          `${dir}2${sep}c.jpg`,
          `${sep}phoXtos 100Z${sep}d.jpg`,
          dir,
        ].map((path) => ({ kind: 'put' as const, file: at(path) })),
      )
      await t.store.watch.files.apply([{ kind: 'missing', path: join(dir, 'b.jpg') }])
      const below = await t.store.watch.files.presentIn(dir)
      expect(below.sort()).toEqual([join(dir, '100%_a.jpg'), join(dir, 'sub', '猫.jpg')].sort())
      expect(await t.store.watch.files.presentIn(`${dir}${sep}`)).toHaveLength(2)
      expect(await t.store.watch.files.presentIn(join(dir, 'sub'))).toEqual([
        join(dir, 'sub', '猫.jpg'),
      ])
    })

    it('reports the items the watcher enqueued that have no verdict yet', async () => {
      const folder = await t.store.watch.folders.upsert(ROOT)
      const [waiting, finished] = await t.store.items.insertMany([
        newItem(join(ROOT, 'a.jpg')),
        newItem(join(ROOT, 'b.jpg')),
      ])
      await t.store.items.update(finished?.id ?? 0, { state: 'done' })
      await t.store.watch.files.apply([
        { kind: 'put', file: file(folder.id, 'a.jpg', waiting?.id) },
        { kind: 'put', file: file(folder.id, 'b.jpg', finished?.id) },
        { kind: 'put', file: file(folder.id, 'c.jpg') },
      ])
      expect(await t.store.watch.files.pendingItems()).toEqual([
        { itemId: waiting?.id, folderId: folder.id },
      ])
      expect(await t.store.watch.files.apply([])).toEqual([])
    })
  })
}

/** A present file of `folderId` at ROOT/`name`. */
function file(folderId: number, name: string, itemId: number | null = null): IndexedFile {
  return {
    path: join(ROOT, name),
    folderId,
    size: 1234,
    mtimeMs: 1_700_000_000_000,
    sha256: null,
    state: 'present',
    itemId: itemId ?? null,
  }
}
