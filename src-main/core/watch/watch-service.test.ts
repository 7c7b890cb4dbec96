import { createHash } from 'node:crypto'
import { appendFile, mkdir, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import {
  count,
  FAST_TIMINGS,
  fakeJpeg,
  makeKit,
  POLL,
  settle,
  startWatching,
  type Kit,
} from './watch-kit.test-data'

let kit: Kit | null = null
afterEach(async () => {
  await kit?.close()
  kit = null
})

/** A writer's pause between chunks: well inside the kit's stability window. */
const GAP_MS = (FAST_TIMINGS.stableMs ?? 0) / 5

async function watched(scanExisting = true) {
  kit = await makeKit()
  const root = join(kit.dir, 'photos')
  await mkdir(root)
  return { k: kit, root, scanExisting }
}

const startOn = (k: Kit, root: string, scanExisting = true) =>
  startWatching(k, root, { scanExisting })

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('WatchService on real folders', () => {
  it('enqueues a file written slowly in chunks once, only after it is complete', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    const path = join(root, 'slow.jpg')
    const content = fakeJpeg(8 * 64 * 1024)
    let writerDone = false
    const seenWhileWriting: boolean[] = []
    k.service.on((e) => {
      if (e.type === 'enqueued' && e.items.some((i) => i.source === path)) {
        seenWhileWriting.push(!writerDone)
      }
    })
    await writeFile(path, content.subarray(0, 64 * 1024))
    for (let i = 1; i < 8; i++) {
      // Gaps well under the stability window, total well over it: a copy that takes a while.
      await sleep(GAP_MS)
      await appendFile(path, content.subarray(i * 64 * 1024, (i + 1) * 64 * 1024))
    }
    writerDone = true
    await expect.poll(() => count(k.enqueued, path), POLL).toBe(1)
    await settle(k)
    expect(count(k.enqueued, path)).toBe(1)
    expect(seenWhileWriting).toEqual([false])
    const row = await k.service.index.get(path)
    expect(row).toMatchObject({ size: content.length, sha256: sha(content), state: 'present' })
  })

  it('waits for a file still being copied when the folder is first listed', async () => {
    const { k, root } = await watched()
    const path = join(root, 'copying.jpg')
    const content = fakeJpeg(8 * 64 * 1024)
    await writeFile(path, content.subarray(0, 64 * 1024))
    let writerDone = false
    const writer = (async () => {
      for (let i = 1; i < 8; i++) {
        await sleep(GAP_MS)
        await appendFile(path, content.subarray(i * 64 * 1024, (i + 1) * 64 * 1024))
      }
      writerDone = true
    })()
    const early: boolean[] = []
    k.service.on((e) => {
      if (e.type === 'enqueued') early.push(!writerDone)
    })
    // chokidar does not apply awaitWriteFinish to its first listing: the service must wait itself.
    await startOn(k, root)
    await writer
    await expect.poll(() => count(k.enqueued, path), POLL).toBe(1)
    await settle(k)
    expect(count(k.enqueued, path)).toBe(1)
    expect(early).toEqual([false])
    expect(await k.service.index.get(path)).toMatchObject({ sha256: sha(content) })
  })

  it('enqueues each of 1,000 files copied in at once exactly once, in a few batches', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    const names = Array.from({ length: 1000 }, (_, i) => `burst-${String(i).padStart(4, '0')}.jpg`)
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(names.slice(i, i + 100).map((n) => writeFile(join(root, n), fakeJpeg())))
    }
    await expect.poll(() => new Set(k.enqueued).size, { ...POLL, timeout: 60_000 }).toBe(1000)
    await settle(k)
    expect(k.enqueued).toHaveLength(1000)
    expect(new Set(k.enqueued)).toEqual(new Set(names.map((n) => join(root, n))))
    // Batched: one insert transaction per window, not one per file.
    expect(k.batches).toBeLessThan(100)
    const { total } = await k.store.items.list(0, 1, {})
    expect(total).toBe(1000)
  }, 90_000)

  it('scans files already in a folder when it is added, unless told not to', async () => {
    kit = await makeKit()
    const k = kit
    const a = join(k.dir, 'a')
    const b = join(k.dir, 'b')
    await mkdir(join(a, 'sub'), { recursive: true })
    await mkdir(b)
    await writeFile(join(a, 'one.jpg'), fakeJpeg())
    await writeFile(join(a, 'sub', 'two.PNG'), fakeJpeg())
    await writeFile(join(a, 'notes.txt'), 'not an image')
    await writeFile(join(b, 'old.jpg'), fakeJpeg())
    await k.service.addFolder(a)
    await k.service.addFolder(b, { scanExisting: false })
    await k.service.start()
    await expect.poll(() => k.enqueued.length, POLL).toBe(2)
    await writeFile(join(b, 'new.jpg'), fakeJpeg())
    await expect.poll(() => k.enqueued.includes(join(b, 'new.jpg')), POLL).toBe(true)
    await settle(k)
    expect(k.enqueued.sort()).toEqual(
      [join(a, 'one.jpg'), join(a, 'sub', 'two.PNG'), join(b, 'new.jpg')].sort(),
    )
    // The existing file is known (so it is not scanned later), just not scanned now.
    expect(await k.service.index.get(join(b, 'old.jpg'))).toMatchObject({
      state: 'present',
      itemId: null,
    })
  })

  it('never enqueues temp, partial or hidden files, and enqueues the final name after a rename', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    const bytes = fakeJpeg()
    for (const name of [
      'x.jpg.part',
      'y.jpg.crdownload',
      'z.tmp',
      '~$doc.jpg',
      '.~lock.jpg',
      '.hidden.jpg',
    ]) {
      await writeFile(join(root, name), fakeJpeg())
    }
    await mkdir(join(root, '.cache'))
    await writeFile(join(root, '.cache', 'thumb.jpg'), fakeJpeg())
    await writeFile(join(root, 'download.jpg.part'), bytes)
    await rename(join(root, 'download.jpg.part'), join(root, 'download.jpg'))
    await expect.poll(() => k.enqueued, POLL).toEqual([join(root, 'download.jpg')])
    await settle(k)
    expect(k.enqueued).toEqual([join(root, 'download.jpg')])
  })

  it('does not re-enqueue renamed or moved files; the index and item follow them', async () => {
    const { k, root } = await watched()
    await mkdir(join(root, 'sub'))
    await startOn(k, root)
    const a = join(root, 'a.jpg')
    await writeFile(a, fakeJpeg())
    await writeFile(join(root, 'b.jpg'), fakeJpeg())
    await expect.poll(() => k.enqueued.length, POLL).toBe(2)
    await k.service.idle()
    const itemId = (await k.service.index.get(a))?.itemId
    expect(itemId).toBeTypeOf('number')
    await rename(a, join(root, 'renamed.jpg'))
    await rename(join(root, 'b.jpg'), join(root, 'sub', 'moved.jpg'))
    await expect.poll(() => k.service.index.get(join(root, 'sub', 'moved.jpg')), POLL).toBeDefined()
    await expect
      .poll(() => k.service.index.get(join(root, 'renamed.jpg')), POLL)
      .toMatchObject({
        itemId,
        state: 'present',
      })
    await settle(k)
    expect(k.enqueued).toHaveLength(2)
    expect(await k.service.index.get(a)).toBeUndefined()
    // The item names the file where it is now, for the reviewer and for exports.
    expect((await k.store.items.get(itemId!))?.source).toBe(join(root, 'renamed.jpg'))
    const movedId = (await k.service.index.get(join(root, 'sub', 'moved.jpg')))?.itemId
    expect((await k.store.items.get(movedId!))?.source).toBe(join(root, 'sub', 'moved.jpg'))
    // A copy is a new file that happens to share content: enqueued (the verdict cache makes it free).
    await writeFile(
      join(root, 'copy.jpg'),
      await import('node:fs/promises').then((fs) => fs.readFile(join(root, 'renamed.jpg'))),
    )
    await expect.poll(() => k.enqueued.includes(join(root, 'copy.jpg')), POLL).toBe(true)
  })

  it('re-enqueues an edited file, but not one whose mtime alone changed', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    const path = join(root, 'edit.jpg')
    await writeFile(path, fakeJpeg(1000))
    await expect.poll(() => count(k.enqueued, path), POLL).toBe(1)
    await k.service.idle()
    const first = await k.service.index.get(path)
    // Whole seconds, so the stored mtime compares exactly on every file system.
    const future = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000)
    await utimes(path, future, future)
    await expect
      .poll(async () => (await k.service.index.get(path))?.mtimeMs, POLL)
      .toBe(future.getTime())
    expect(count(k.enqueued, path)).toBe(1)
    const edited = fakeJpeg(3000)
    await writeFile(path, edited)
    await expect.poll(() => count(k.enqueued, path), POLL).toBe(2)
    await settle(k)
    expect(count(k.enqueued, path)).toBe(2)
    const row = await k.service.index.get(path)
    expect(row?.sha256).toBe(sha(edited))
    expect(row?.itemId).not.toBe(first?.itemId)
  })

  it('marks a deleted file missing and keeps its item', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    const path = join(root, 'gone.jpg')
    await writeFile(path, fakeJpeg())
    await expect.poll(() => count(k.enqueued, path), POLL).toBe(1)
    await k.service.idle()
    const itemId = (await k.service.index.get(path))?.itemId ?? -1
    await unlink(path)
    await expect.poll(async () => (await k.service.index.get(path))?.state, POLL).toBe('missing')
    expect(await k.store.items.get(itemId)).toMatchObject({ source: path })
  })

  it('shows an error while a watched folder is gone and resumes when it comes back', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    const first = fakeJpeg()
    await writeFile(join(root, 'before.jpg'), first)
    await expect.poll(() => k.enqueued.length, POLL).toBe(1)
    await k.service.idle()
    await rm(root, { recursive: true })
    await expect.poll(() => k.service.status()[0]?.state, POLL).toBe('error')
    expect(k.service.status()[0]?.error?.code).toBe('FILE_NOT_FOUND')
    expect(k.events.some((e) => e.type === 'folder' && e.status.state === 'error')).toBe(true)
    await expect
      .poll(async () => (await k.service.index.get(join(root, 'before.jpg')))?.state, POLL)
      .toBe('missing')
    await mkdir(root)
    await writeFile(join(root, 'before.jpg'), first)
    await writeFile(join(root, 'after.jpg'), fakeJpeg())
    await expect.poll(() => k.service.status()[0]?.state, POLL).toBe('watching')
    await expect.poll(() => k.enqueued.includes(join(root, 'after.jpg')), POLL).toBe(true)
    await writeFile(join(root, 'later.jpg'), fakeJpeg())
    await expect.poll(() => k.enqueued.includes(join(root, 'later.jpg')), POLL).toBe(true)
    await settle(k)
    // The same content back at the same path is known: not scanned again.
    expect(count(k.enqueued, join(root, 'before.jpg'))).toBe(1)
    expect(await k.service.index.get(join(root, 'before.jpg'))).toMatchObject({ state: 'present' })
  })

  it('handles Chinese folder and file names', async () => {
    kit = await makeKit()
    const k = kit
    const root = join(k.dir, '照片 2026')
    await mkdir(join(root, '旅行'), { recursive: true })
    await startOn(k, root)
    const path = join(root, '旅行', '猫咪 照片.jpg')
    await writeFile(path, fakeJpeg())
    await expect.poll(() => k.enqueued, POLL).toEqual([path])
    await k.service.idle()
    expect((await k.store.items.list(0, 10, {})).items[0]?.source).toBe(path)
    await rename(path, join(root, '新名字.jpeg'))
    await expect.poll(() => k.service.index.get(join(root, '新名字.jpeg')), POLL).toBeDefined()
    await settle(k)
    expect(k.enqueued).toEqual([path])
  })

  it('after a restart enqueues only files added or changed while it was stopped', async () => {
    const { k, root } = await watched()
    await startOn(k, root)
    for (const n of ['keep.jpg', 'change.jpg', 'delete.jpg', 'touch.jpg']) {
      await writeFile(join(root, n), fakeJpeg())
    }
    await expect.poll(() => k.enqueued.length, POLL).toBe(4)
    await k.service.stop()
    await writeFile(join(root, 'new.jpg'), fakeJpeg())
    await writeFile(join(root, 'change.jpg'), fakeJpeg(4000))
    await unlink(join(root, 'delete.jpg'))
    const future = new Date(Date.now() + 60_000)
    await utimes(join(root, 'touch.jpg'), future, future)
    k.enqueued.length = 0
    const service = k.restart()
    await service.start()
    await expect.poll(() => k.enqueued.length, POLL).toBe(2)
    await settle(k)
    expect(k.enqueued.sort()).toEqual([join(root, 'change.jpg'), join(root, 'new.jpg')])
    expect((await service.index.get(join(root, 'delete.jpg')))?.state).toBe('missing')
    expect((await service.index.get(join(root, 'touch.jpg')))?.state).toBe('present')
  })
})
