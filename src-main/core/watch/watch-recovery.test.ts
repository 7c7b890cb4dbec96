import { mkdir, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { watch, type ChokidarOptions } from 'chokidar'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeJpeg, makeKit, POLL, startWatching, type Kit } from './watch-kit.test-data'

let kit: Kit | null = null
afterEach(async () => {
  await kit?.close()
  kit = null
})

const limitError = () =>
  Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
    code: 'ENOSPC',
  })

describe('WatchService recovery and notifications', () => {
  it('falls back to polling once on ENOSPC, says how to raise the inotify limit, and keeps enqueueing', async () => {
    const made: ChokidarOptions[] = []
    kit = await makeKit({
      createWatcher: (root, options) => {
        made.push(options)
        const watcher = watch(root, options)
        // The OS refuses native watches for every watcher: only the polling one can work.
        if (options.usePolling !== true) setImmediate(() => watcher.emit('error', limitError()))
        return watcher
      },
    })
    const k = kit
    const root = join(k.dir, 'photos')
    await mkdir(root)
    await k.service.addFolder(root)
    await k.service.start()
    await expect.poll(() => k.service.status()[0]?.polling, POLL).toBe(true)
    const notice = k.events.find((e) => e.type === 'notice')
    expect(notice?.type === 'notice' ? notice.message : '').toContain('fs.inotify.max_user_watches')
    await writeFile(join(root, 'polled.jpg'), fakeJpeg())
    await expect.poll(() => k.enqueued, POLL).toEqual([join(root, 'polled.jpg')])
    expect(made.map((o) => o.usePolling)).toEqual([false, true])
  })

  it('a second watch-limit error while polling is an error state, not another fallback', async () => {
    const made: ChokidarOptions[] = []
    kit = await makeKit({
      createWatcher: (root, options) => {
        made.push(options)
        const watcher = watch(root, options)
        setImmediate(() => watcher.emit('error', limitError()))
        return watcher
      },
    })
    const k = kit
    const root = join(k.dir, 'photos')
    await mkdir(root)
    await k.service.addFolder(root)
    await k.service.start()
    await expect.poll(() => k.service.status()[0]?.state, POLL).toBe('error')
    expect(k.service.status()[0]?.error?.message).toContain('fs.inotify.max_user_watches')
    expect(made).toHaveLength(2)
  })

  it('a periodic sweep finds files and deletes that events missed', async () => {
    kit = await makeKit({
      // A share whose events never arrive: chokidar sees the root and nothing in it.
      createWatcher: (root, options) =>
        watch(root, { ...options, ignored: (p: string) => p !== root }),
    })
    const k = kit
    const root = join(k.dir, 'share')
    await mkdir(root)
    await k.service.addFolder(root, { sweepMs: 300 })
    await k.service.start()
    const path = join(root, 'from-share.jpg')
    await writeFile(path, fakeJpeg())
    await expect.poll(() => k.enqueued, POLL).toEqual([path])
    await unlink(path)
    await expect.poll(async () => (await k.service.index.get(path))?.state, POLL).toBe('missing')
    expect(k.enqueued).toEqual([path])
  })

  it('reports verdicts for its items, and a blocked one when notifyOnBlock is on', async () => {
    kit = await makeKit()
    const k = kit
    const root = join(k.dir, 'photos')
    await mkdir(root)
    await startWatching(k, root)
    const judge = async (name: string) => {
      await writeFile(join(root, name), fakeJpeg())
      await expect.poll(() => k.enqueued.includes(join(root, name)), POLL).toBe(true)
      await k.service.idle()
      const id = (await k.service.index.get(join(root, name)))?.itemId ?? -1
      const item = await k.store.items.update(id, { state: 'done', suggestion: 'block' })
      if (item) k.hub.itemsChanged([item])
      await expect
        .poll(() => k.events.some((e) => e.type === 'verdict' && e.item.id === id), POLL)
        .toBe(true)
      return id
    }
    const first = await judge('bad.jpg')
    await expect
      .poll(() => k.events.some((e) => e.type === 'blocked' && e.item.id === first), POLL)
      .toBe(true)
    await k.store.settings.set({ notifyOnBlock: false })
    const second = await judge('also-bad.jpg')
    // Settings are read after the verdict arrives; give that read time to finish.
    await k.store.settings.get()
    await new Promise((r) => setTimeout(r, 200))
    expect(k.events.some((e) => e.type === 'blocked' && e.item.id === second)).toBe(false)
  })
})
