import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { AppCore } from '../app-core'
import { MemoryCredentialStore } from '../credentials/memory-credential-store'
import type { WatchEvent } from './watch-service'

let dir = ''
let core: AppCore | null = null
afterEach(async () => {
  await core?.close()
  core = null
  await rm(dir, { recursive: true, force: true })
})

describe('watching through AppCore', () => {
  it('a photo dropped into a watched folder becomes an item and gets a local verdict', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gl-watch-core-'))
    core = await AppCore.open({
      dataDir: join(dir, 'data'),
      host: 'harness',
      credentialStore: new MemoryCredentialStore(),
      flushMs: 20,
    })
    const c = core
    const root = join(dir, 'inbox')
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
