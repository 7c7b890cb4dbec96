import { appendFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { isFinalState } from '../../../src-shared/domain'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { openAppCore, type TestCore } from '../../../tests/fixtures/open-app-core'
import type { AppCore } from '../app-core'
import { WatchService } from './watch-service'
import { fakeJpeg, makeKit, POLL } from './watch-kit.test-data'

/** Short windows instead of seconds: the writer's pauses are what matters, relative to them. */
const QUIET_MS = 100
const PAUSE_MS = 4 * QUIET_MS

let opened: TestCore
let dir = ''
let core: AppCore
let watch: WatchService

beforeEach(async () => {
  opened = await openAppCore({ emulator: true })
  ;({ dir, core } = opened)
  await core.store.settings.set({ endpoint: opened.emulator!.endpoint, scenes: ['porn'] })
  // AppCore's own watcher, with the timing constants shortened: enqueued through addPaths and
  // scanned by the real scan service against the emulator.
  watch = new WatchService({
    store: core.store.watch,
    settings: core.store.settings,
    events: core.events,
    enqueue: (paths, engine, scenes) =>
      core.addPaths(paths, engine ?? undefined, scenes ?? undefined),
    timings: { stableMs: QUIET_MS, recheckMs: QUIET_MS / 2, incompleteLimitMs: 60_000 },
  })
}, 60_000)

afterEach(async () => {
  await watch.close()
  await opened.close()
})

it('a photo written in chunks with pauses longer than the quiet window becomes one item, done, and no failed rows', async () => {
  const root = join(dir, 'inbox')
  await mkdir(root)
  await watch.addFolder(root)
  await watch.start()
  await expect.poll(() => watch.status()[0]?.state, POLL).toBe('watching')

  const path = join(root, 'camera.jpg')
  const photo = await photoLikeJpeg(1600, 1200, 5)
  const parts = 4
  const step = Math.ceil(photo.length / parts)
  await writeFile(path, photo.subarray(0, step))
  for (let i = 1; i < parts; i++) {
    // Each pause is long enough for the file to look settled: a slow copy or a stalled sync.
    await sleep(PAUSE_MS)
    await appendFile(path, photo.subarray(i * step, (i + 1) * step))
  }

  const all = async () => (await core.store.items.list(0, 100, {})).items
  await expect
    .poll(async () => (await all()).some((i) => i.source === path && isFinalState(i.state)), {
      ...POLL,
      timeout: 30_000,
    })
    .toBe(true)
  // Late events for the earlier parts, if any were going to come, have arrived by now.
  await sleep(PAUSE_MS)
  await watch.idle()
  await core.scan.whenSettled()
  const items = await all()
  expect(items.map((i) => ({ source: i.source, state: i.state, error: i.error?.code }))).toEqual([
    { source: path, state: 'done', error: undefined },
  ])
}, 60_000)

it('a file that stays cut short is still enqueued once, after the limit, so its failure shows', async () => {
  const kit = await makeKit({
    timings: { stableMs: QUIET_MS, recheckMs: QUIET_MS / 2, incompleteLimitMs: 3 * QUIET_MS },
  })
  try {
    const root = join(kit.dir, 'inbox')
    await mkdir(root)
    await kit.service.addFolder(root)
    await kit.service.start()
    await expect.poll(() => kit.service.status()[0]?.state, POLL).toBe('watching')
    const path = join(root, 'damaged.jpg')
    await writeFile(path, fakeJpeg(4096).subarray(0, 3000))
    await expect.poll(() => kit.enqueued, POLL).toEqual([path])
    await sleep(PAUSE_MS)
    await kit.service.idle()
    expect(kit.enqueued).toEqual([path])
    expect(kit.logged.join('\n')).toContain('not a whole image yet')
  } finally {
    await kit.close()
  }
})
