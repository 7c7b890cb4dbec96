import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { openAppCore, type TestCore } from '../../../tests/fixtures/open-app-core'
import type { WatchEvent } from './watch-service'

let opened: TestCore | null = null
afterEach(async () => {
  await opened?.close()
  opened = null
})

describe('watching through AppCore', () => {
  it('a photo dropped into a watched folder becomes an item and gets a local verdict', async () => {
    opened = await openAppCore()
    const c = opened.core
    const root = join(opened.dir, 'inbox')
    await mkdir(root)
    const events: WatchEvent[] = []
    c.watch.on((e) => events.push(e))
    const added = await c.watch.addFolder(root, { engine: 'local', scenes: ['porn', 'qrcode'] })
    expect(added.ok).toBe(true)
    await c.watch.start()
    await expect.poll(() => c.watch.status()[0]?.state, { timeout: 20_000 }).toBe('watching')
    const path = join(root, 'holiday.jpg')
    await writeFile(path, await photoLikeJpeg(640, 480, 21))
    await expect
      .poll(() => events.find((e) => e.type === 'verdict'), { timeout: 60_000, interval: 100 })
      .toBeDefined()
    const verdict = events.find((e) => e.type === 'verdict')
    expect(verdict?.type === 'verdict' && verdict.item).toMatchObject({
      source: path,
      engine: 'local',
      state: 'done',
    })
    const { items, total } = await c.store.items.list(0, 10, {})
    expect(total).toBe(1)
    expect(items[0]?.suggestion).not.toBeNull()
  }, 90_000)
})
