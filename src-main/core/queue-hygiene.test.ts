import { access, mkdir, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../src-shared/ipc'
import { appError } from '../../src-shared/result'
import { photoLikeJpeg } from '../../tests/fixtures/images'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { addInputsPriced } from './add-through-dialogs'
import { createApi } from './api'
import { dispatch } from './api-dispatch'
import { AppCore } from './app-core'
import { MemoryCredentialStore } from './credentials/memory-credential-store'
import type { WatchEvent } from './watch/watch-service'

let opened: TestCore
let folder: string
beforeEach(async () => {
  opened = await openAppCore({ host: 'harness', emulator: true })
  // Green's emulator: it checks each file as Green would (empty, not an image), and answers fast.
  await opened.core.store.settings.set({
    engine: 'green',
    scenes: ['porn'],
    endpoint: opened.emulator!.endpoint,
    costPromptUnits: 100_000_000,
  })
  folder = join(opened.dir, 'photos')
  await mkdir(folder)
  for (let i = 0; i < 3; i++) {
    await writeFile(join(folder, `p${String(i)}.jpg`), await photoLikeJpeg(320, 240, i))
  }
  await writeFile(join(folder, 'empty.jpg'), '')
  await writeFile(join(folder, 'notes.jpg'), 'a shopping list, not a photo')
})
afterEach(() => opened.close())

async function addFolder() {
  const outcome = await addInputsPriced(opened.core, [folder])
  await opened.core.scan.whenSettled()
  if (outcome.kind !== 'added') throw new Error(`not added: ${outcome.kind}`)
  return outcome
}

const all = async () => (await opened.core.store.items.list(0, 100, {}, 'oldest')).items
const named = async (name: string) => (await all()).filter((i) => i.source.endsWith(name))

describe('re-adding inputs', () => {
  it('reuses what is already in the queue or judged, unchanged, and says how many', async () => {
    expect(await addFolder()).toMatchObject({ added: 5, reused: 0 })
    const before = await all()
    expect(before).toHaveLength(5)
    const again = await addFolder()
    expect(again).toMatchObject({ added: 0, reused: 5 })
    expect((await all()).map((i) => i.id)).toEqual(before.map((i) => i.id))
    // A changed file is judged again, as a new item beside its old verdict.
    await writeFile(join(folder, 'p0.jpg'), await photoLikeJpeg(320, 240, 99))
    expect(await addFolder()).toMatchObject({ added: 1, reused: 4 })
    expect(await named('p0.jpg')).toHaveLength(2)
  })

  it('queues a failed item again in place when a retry can fix it, never beside a second one', async () => {
    await addFolder()
    const [photo] = await named('p1.jpg')
    await opened.core.store.items.update(photo!.id, {
      state: 'failed',
      error: appError('NETWORK', 'offline', true),
    })
    expect(await addFolder()).toMatchObject({ added: 1, reused: 4 })
    expect(await named('p1.jpg')).toMatchObject([{ id: photo!.id, state: 'done', error: null }])
  })

  it("reuses items for the watcher's adds too (a folder watched again after its index went)", async () => {
    await addFolder()
    const photos = (await all()).filter((i) => i.state === 'done')
    const again = await opened.core.addPaths(photos.map((i) => i.source))
    expect(again.map((i) => i.id)).toEqual(photos.map((i) => i.id))
    await writeFile(join(folder, 'p2.jpg'), await photoLikeJpeg(320, 240, 77))
    const changed = await opened.core.addPaths([join(folder, 'p2.jpg')])
    expect(changed[0]?.id).toBeGreaterThan(Math.max(...photos.map((i) => i.id)))
    await opened.core.scan.whenSettled()
    expect(await all()).toHaveLength(6)
  })

  it('tells the app: scan:add-paths carries the reused count', async () => {
    const api = createApi(opened.core)
    await dispatch(api, 'scan:add-paths', { paths: [folder] })
    await opened.core.scan.whenSettled()
    const again = await dispatch(api, 'scan:add-paths', { paths: [folder] })
    expect(again).toMatchObject({ ok: true, value: { added: 0, reused: 5 } })
  })
})

describe('removing items', () => {
  it('takes items out of the queue and the database, never off the disk', async () => {
    await addFolder()
    const api = createApi(opened.core)
    const removedIds: number[] = []
    opened.core.events.subscribe((event, payload) => {
      if (event === 'items:changed') {
        removedIds.push(...(payload as EventPayload<'items:changed'>).removed)
      }
    })
    const [p0, p1] = [...(await named('p0.jpg')), ...(await named('p1.jpg'))]
    const removed = await dispatch(api, 'items:remove', { itemIds: [p0!.id, p1!.id] })
    expect(removed).toEqual({ ok: true, value: { removed: 2, running: 0, deciding: 0 } })
    opened.core.events.flush()
    expect(removedIds.sort()).toEqual([p0!.id, p1!.id].sort())
    expect(await all()).toHaveLength(3)
    await access(p0!.source)
    await access(p1!.source)
    // Added again, the removed ones are scanned again; the kept ones are reused.
    expect(await addFolder()).toMatchObject({ added: 2, reused: 3 })
    expect((await named('p0.jpg'))[0]!.id).toBeGreaterThan(p1!.id)
  })

  it('removes by the list filter, and Clear finished removes every finished item', async () => {
    await addFolder()
    const api = createApi(opened.core)
    const failedOnly = await dispatch(api, 'items:remove', { filter: { states: ['failed'] } })
    expect(failedOnly).toMatchObject({ value: { removed: 2 } })
    expect(await all()).toHaveLength(3)
    await dispatch(api, 'scan:pause', undefined)
    await writeFile(join(folder, 'late.jpg'), await photoLikeJpeg(320, 240, 50))
    await addInputsPriced(opened.core, [join(folder, 'late.jpg')])
    const cleared = await dispatch(api, 'items:clear-finished', undefined)
    expect(cleared).toMatchObject({ value: { removed: 3, running: 0 } })
    // The queued one is not finished: it stays.
    expect((await all()).map((i) => i.state)).toEqual(['queued'])
  })

  it('reaches every process sharing the data folder through the change feed', async () => {
    await addFolder()
    const other = await AppCore.open({
      dataDir: join(opened.dir, 'data'),
      host: 'cli',
      flushMs: 5,
      feedPollMs: 20,
      credentialStore: new MemoryCredentialStore(),
    })
    try {
      const heard = new Set<number>()
      other.events.subscribe((event, payload) => {
        if (event !== 'items:changed') return
        for (const id of (payload as EventPayload<'items:changed'>).removed) heard.add(id)
      })
      const [p2] = await named('p2.jpg')
      await dispatch(createApi(opened.core), 'items:remove', { itemIds: [p2!.id] })
      for (let i = 0; i < 500 && !heard.has(p2!.id); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect([...heard]).toEqual([p2!.id])
      expect(await other.store.items.get(p2!.id)).toBeUndefined()
    } finally {
      await other.close()
    }
  })
})

describe('removing a watched file from the queue', () => {
  it('is not added back by the watcher until its content changes', async () => {
    const c = opened.core
    const events: WatchEvent[] = []
    c.watch.on((e) => events.push(e))
    const verdicts = (name: string) =>
      events.filter((e) => e.type === 'verdict' && e.item.source.endsWith(name)).length
    expect((await c.watch.addFolder(folder, { enabled: true })).ok).toBe(true)
    await c.watch.start()
    await expect.poll(() => verdicts('p0.jpg'), { timeout: 60_000, interval: 50 }).toBe(1)
    const [p0] = await named('p0.jpg')
    await c.removeItems({ ids: p0 ? [p0.id] : [] })
    // Touched, same bytes: the watcher looks again and leaves it out. A file written after it is
    // picked up, which shows the watcher got past the touch.
    await utimes(join(folder, 'p0.jpg'), new Date(), new Date(Date.now() + 5_000))
    await writeFile(join(folder, 'later.jpg'), await photoLikeJpeg(320, 240, 60))
    await expect.poll(() => verdicts('later.jpg'), { timeout: 60_000, interval: 50 }).toBe(1)
    expect(await named('p0.jpg')).toEqual([])
    // New content is a new image: scanned.
    await writeFile(join(folder, 'p0.jpg'), await photoLikeJpeg(320, 240, 61))
    await expect.poll(() => verdicts('p0.jpg'), { timeout: 60_000, interval: 50 }).toBe(2)
    expect(await named('p0.jpg')).toHaveLength(1)
  }, 120_000)
})

describe('retrying failures', () => {
  it('queues again only failures a retry can fix, and counts the others by why', async () => {
    await addFolder()
    const [p0] = await named('p0.jpg')
    await opened.core.store.items.update(p0!.id, {
      state: 'failed',
      error: appError('THROTTLED', 'slow down', true),
    })
    const api = createApi(opened.core)
    const retried = await api['scan:retry-failed'](undefined)
    expect(retried.ok && retried.value.queued).toBe(1)
    expect(
      retried.ok && [...retried.value.kept].sort((a, b) => a.code.localeCompare(b.code)),
    ).toEqual([
      { code: 'FILE_EMPTY', reason: 'file', count: 1 },
      { code: 'NOT_AN_IMAGE', reason: 'content', count: 1 },
    ])
    await opened.core.scan.whenSettled()
    expect(await named('p0.jpg')).toMatchObject([{ state: 'done' }])
    expect((await named('empty.jpg'))[0]?.state).toBe('failed')
  })

  it("an item's own Retry retries that item only; a missing file only once it is back", async () => {
    await addFolder()
    const [p0] = await named('p0.jpg')
    const [p1] = await named('p1.jpg')
    const gone = appError('FILE_NOT_FOUND', 'gone', false, { reason: 'gone' })
    for (const item of [p0!, p1!]) {
      await opened.core.store.items.update(item.id, { state: 'failed', error: gone })
    }
    const api = createApi(opened.core)
    await rm(p0!.source)
    expect(await dispatch(api, 'scan:retry-failed', { itemIds: [p0!.id] })).toMatchObject({
      value: { queued: 0, kept: [{ code: 'FILE_NOT_FOUND', count: 1 }] },
    })
    expect(await dispatch(api, 'scan:retry-failed', { itemIds: [p1!.id] })).toMatchObject({
      value: { queued: 1, kept: [] },
    })
    await opened.core.scan.whenSettled()
    expect((await named('p1.jpg'))[0]?.state).toBe('done')
    expect((await named('p0.jpg'))[0]?.state).toBe('failed')
    expect((await named('empty.jpg'))[0]?.state).toBe('failed')
  })
})
