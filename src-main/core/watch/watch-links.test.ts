import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeJpeg, makeKit, POLL, settle, startWatching, type Kit } from './watch-kit.test-data'

let kit: Kit | null = null
afterEach(async () => {
  await kit?.close()
  kit = null
})

/**
 * photos/ own.jpg, inside -> photos/sub (a second route inside), sub/deep.jpg,
 * outside -> private/, secret.jpg -> private/secret.jpg, everything -> /
 */
async function linkedFolder(k: Kit) {
  const root = join(k.dir, 'photos')
  const outside = join(k.dir, 'private')
  await mkdir(join(root, 'sub'), { recursive: true })
  await mkdir(outside)
  await writeFile(join(root, 'own.jpg'), fakeJpeg())
  await writeFile(join(root, 'sub', 'deep.jpg'), fakeJpeg())
  await writeFile(join(outside, 'secret.jpg'), fakeJpeg())
  await symlink(join(root, 'sub'), join(root, 'inside'))
  await symlink(outside, join(root, 'outside'))
  await symlink(join(outside, 'secret.jpg'), join(root, 'secret.jpg'))
  await symlink('/', join(root, 'everything'))
  return { root, outside }
}

describe('WatchService and links leading outside the watched folder', () => {
  it('watches a folder with links to outside (and to /) without picking up anything outside', async () => {
    kit = await makeKit()
    const k = kit
    const { root, outside } = await linkedFolder(k)
    // Swept too, so the re-walk obeys the same rule as chokidar.
    await startWatching(k, root, { scanExisting: true, sweepMs: 100 })
    await writeFile(join(outside, 'later.jpg'), fakeJpeg())
    await writeFile(join(root, 'sub', 'new.jpg'), fakeJpeg())
    await expect.poll(() => k.enqueued.some((p) => p.endsWith('new.jpg')), POLL).toBe(true)
    // Several sweeps and quiet windows: anything outside would have been reported by now.
    await settle(k)
    const real = (p: string) => p.replace(join(root, 'inside'), join(root, 'sub'))
    expect(new Set(k.enqueued.map(real))).toEqual(
      new Set([join(root, 'own.jpg'), join(root, 'sub', 'deep.jpg'), join(root, 'sub', 'new.jpg')]),
    )
    expect(k.enqueued.filter((p) => !p.startsWith(root))).toEqual([])
    expect(k.enqueued.some((p) => p.includes('secret') || p.includes('everything'))).toBe(false)
  }, 30_000)

  it('a link loop inside the watched folder neither hangs nor multiplies its photos', async () => {
    kit = await makeKit()
    const k = kit
    const root = join(k.dir, 'photos')
    await mkdir(join(root, 'a'), { recursive: true })
    await writeFile(join(root, 'a', 'one.jpg'), fakeJpeg())
    await symlink(root, join(root, 'a', 'up'))
    await symlink(join(root, 'a'), join(root, 'again'))
    await startWatching(k, root, { scanExisting: true, sweepMs: 100 })
    await writeFile(join(root, 'a', 'two.jpg'), fakeJpeg())
    await expect.poll(() => k.enqueued.some((p) => p.endsWith('two.jpg')), POLL).toBe(true)
    await settle(k)
    // Once each, under its own path: the links inside are second routes to what is watched.
    expect(k.enqueued.sort()).toEqual([join(root, 'a', 'one.jpg'), join(root, 'a', 'two.jpg')])
  }, 30_000)

  it('follows links outside when the followSymlinks setting is on', async () => {
    kit = await makeKit()
    const k = kit
    await k.store.settings.set({ followSymlinks: true })
    const root = join(k.dir, 'photos')
    const outside = join(k.dir, 'private')
    await mkdir(root)
    await mkdir(outside)
    await writeFile(join(outside, 'shared.jpg'), fakeJpeg())
    await symlink(outside, join(root, 'outside'))
    // A loop out there: followed through one link only.
    await symlink(outside, join(outside, 'self'))
    await symlink(root, join(outside, 'back'))
    await startWatching(k, root, { scanExisting: true })
    await expect
      .poll(() => k.enqueued.includes(join(root, 'outside', 'shared.jpg')), POLL)
      .toBe(true)
    await settle(k)
    expect(k.enqueued).toEqual([join(root, 'outside', 'shared.jpg')])
  })
})
