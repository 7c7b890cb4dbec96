import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../tests/fixtures/images'
import { emulatorEnv } from '../../tests/fixtures/emulator-engine'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import type { AddOutcome, InvokeResponse } from '../../src-shared/ipc'
import type { Result } from '../../src-shared/result'
import { createApi } from './api'
import { dispatch } from './api-dispatch'
import { startEmulator, type RunningEmulator } from './engines/green/emulator/emulator'
import { LOG_FILE } from './log/logger'

let photos = ''
let opened: TestCore | null = null
let emulator: RunningEmulator

beforeAll(async () => {
  photos = await mkdtemp(join(tmpdir(), 'gl-add-photos-'))
  await mkdir(join(photos, 'trip'))
  for (const [i, name] of ['a.jpg', 'b.jpg', 'trip/c.jpg'].entries()) {
    await writeFile(join(photos, name), await photoLikeJpeg(320, 240, 40 + i))
  }
  emulator = await startEmulator({ qps: 0 })
}, 60_000)
afterAll(async () => {
  await emulator.close()
  await rm(photos, { recursive: true, force: true })
})
afterEach(async () => {
  await opened?.close()
  opened = null
})

async function open(env: NodeJS.ProcessEnv = {}) {
  opened = await openAppCore({ env })
  const { core, ports } = opened
  return { core, ports, api: createApi(core), stop: opened.stop }
}

const outcome = (result: Awaited<ReturnType<typeof dispatch>>) => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as AddOutcome
}

describe('adding through main’s dialogs', () => {
  it('Add Files… queues what the user picked, asking for images only', async () => {
    const { core, ports, api, stop } = await open()
    try {
      core.scan.pause()
      ports.answerNext('openFiles', [join(photos, 'a.jpg'), join(photos, 'b.jpg')])
      const added = outcome(await dispatch(api, 'scan:add-files', undefined))
      expect(added).toMatchObject({
        kind: 'added',
        added: 2,
        estimate: { engine: 'local', units: 0 },
      })
      const stored = await core.store.items.list(0, 10, {})
      expect(stored.items.map((i) => i.source).sort()).toEqual([
        join(photos, 'a.jpg'),
        join(photos, 'b.jpg'),
      ])
      expect(ports.requests[0]).toMatchObject({
        kind: 'openFiles',
        options: {
          title: 'Add Files',
          filters: [{ extensions: expect.arrayContaining(['jpg', 'png', 'gif']) as string[] }],
        },
      })
    } finally {
      await stop()
    }
  })

  it('Add Folder… walks the folder; a cancelled dialog stores nothing and says so quietly', async () => {
    const { core, ports, api, stop } = await open()
    try {
      core.scan.pause()
      expect(outcome(await dispatch(api, 'scan:add-folder', undefined))).toEqual({
        kind: 'cancelled',
      })
      expect((await core.store.items.list(0, 10, {})).total).toBe(0)
      ports.answerNext('openFolders', [photos])
      expect(outcome(await dispatch(api, 'scan:add-folder', undefined))).toMatchObject({
        kind: 'added',
        added: 3,
      })
    } finally {
      await stop()
    }
  })

  it('Watch Folder… watches the picked folder; cancel changes nothing', async () => {
    const { core, ports, api, stop } = await open()
    try {
      core.scan.pause()
      expect(await dispatch(api, 'watch:add-folder', undefined)).toMatchObject({
        ok: true,
        value: { cancelled: true, folders: [] },
      })
      ports.answerNext('openFolders', [photos])
      expect(await dispatch(api, 'watch:add-folder', undefined)).toMatchObject({
        ok: true,
        value: { cancelled: false, folders: [{ path: photos, enabled: true }] },
      })
    } finally {
      await stop()
    }
  })
})

function watchOutcome(result: Result<unknown>): InvokeResponse<'watch:add-folder'> {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as InvokeResponse<'watch:add-folder'>
}

describe('the cost before a Green scan', () => {
  it('Watch Folder… of a Green folder above the threshold asks first: nothing is watched before yes', async () => {
    const { core, ports, api, stop } = await open(emulatorEnv(emulator))
    try {
      await core.store.settings.set({
        endpoint: emulator.endpoint,
        scenes: ['porn', 'terrorism', 'ad'],
        costPromptUnits: 9,
      })
      core.scan.pause()
      // No: the folder stays unwatched and nothing is stored.
      ports.answerNext('openFolders', [photos])
      const first = watchOutcome(await dispatch(api, 'watch:add-folder', undefined))
      if (first.confirm === null) throw new Error('expected a cost question')
      expect(first.confirm.estimate).toMatchObject({ engine: 'green', images: 3, units: 9 })
      expect(first.folders).toEqual([])
      await dispatch(api, 'scan:discard-add', { planId: first.confirm.planId })
      expect(await core.watch.folders()).toEqual([])
      expect((await core.store.items.list(0, 10, {})).total).toBe(0)

      // Yes: the folder is watched.
      ports.answerNext('openFolders', [photos])
      const second = watchOutcome(await dispatch(api, 'watch:add-folder', undefined))
      if (second.confirm === null) throw new Error('expected a cost question')
      expect(await core.watch.folders()).toEqual([])
      const yes = outcome(
        await dispatch(api, 'scan:confirm-add', { planId: second.confirm.planId }),
      )
      expect(yes).toMatchObject({ kind: 'added', added: 3 })
      expect((await core.watch.folders()).map((f) => f.path)).toEqual([photos])
    } finally {
      await stop()
    }
  })

  it('holds a batch at or above the threshold until confirmed, storing nothing before the yes', async () => {
    const { core, ports, api, stop } = await open(emulatorEnv(emulator))
    try {
      await core.store.settings.set({
        endpoint: emulator.endpoint,
        scenes: ['porn', 'terrorism', 'ad'],
        costPromptUnits: 9,
      })
      core.scan.pause()
      ports.answerNext('openFolders', [photos])
      const asked = outcome(await dispatch(api, 'scan:add-folder', undefined))
      expect(asked).toMatchObject({
        kind: 'confirm',
        estimate: { engine: 'green', images: 3, scenes: 3, units: 9, free: 0 },
      })
      expect((await core.store.items.list(0, 10, {})).total).toBe(0)
      if (asked.kind !== 'confirm') return
      const confirmed = outcome(await dispatch(api, 'scan:confirm-add', { planId: asked.planId }))
      expect(confirmed).toMatchObject({ kind: 'added', added: 3 })
      expect((await core.store.items.list(0, 10, {})).total).toBe(3)
      // A plan runs once: a second yes (a double click) adds nothing.
      expect(await dispatch(api, 'scan:confirm-add', { planId: asked.planId })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      })
    } finally {
      await stop()
    }
  })

  it('queues a batch below the threshold at once, with its figure; a discarded one never runs', async () => {
    const { core, api, stop } = await open(emulatorEnv(emulator))
    try {
      await core.store.settings.set({
        endpoint: emulator.endpoint,
        scenes: ['porn'],
        costPromptUnits: 3,
      })
      core.scan.pause()
      const small = outcome(
        await dispatch(api, 'scan:plan-paths', {
          paths: [join(photos, 'a.jpg'), join(photos, 'b.jpg')],
        }),
      )
      expect(small).toMatchObject({ kind: 'added', added: 2, estimate: { units: 2 } })
      const big = outcome(await dispatch(api, 'scan:plan-paths', { paths: [photos] }))
      // a.jpg and b.jpg are already queued with these settings: c.jpg is still billable, and
      // the two are picked up again rather than stored twice.
      expect(big).toMatchObject({ kind: 'confirm', estimate: { images: 3, units: 3 } })
      if (big.kind !== 'confirm') return
      expect(await dispatch(api, 'scan:discard-add', { planId: big.planId })).toMatchObject({
        ok: true,
        value: { discarded: true },
      })
      expect(await dispatch(api, 'scan:confirm-add', { planId: big.planId })).toMatchObject({
        ok: false,
      })
      expect((await core.store.items.list(0, 10, {})).total).toBe(2)
    } finally {
      await stop()
    }
  })
})

describe('account target with the key in the environment and no keychain', () => {
  it('saves region and endpoint, and the connection test goes exactly there', async () => {
    const { api, stop } = await open(emulatorEnv(emulator))
    try {
      const saved = await dispatch(api, 'credentials:set-target', {
        region: 'cn-beijing',
        endpoint: emulator.endpoint,
      })
      expect(saved).toMatchObject({
        ok: true,
        value: { source: 'env', region: 'cn-beijing', endpoint: emulator.endpoint },
      })
      expect(await dispatch(api, 'credentials:test', undefined)).toMatchObject({
        ok: true,
        value: { outcome: 'ok', message: expect.stringContaining(emulator.endpoint) as string },
      })
      // Invalid: nothing changes.
      expect(
        await dispatch(api, 'credentials:set-target', {
          region: 'cn-beijing',
          endpoint: 'http://example.com',
        }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    } finally {
      await stop()
    }
  })

  it('a refused key: the test says wrong-key, and Green’s own text is kept in the log', async () => {
    const { core, api, stop } = await open(emulatorEnv(emulator, 'not-the-secret'))
    let message = ''
    try {
      await dispatch(api, 'credentials:set-target', {
        region: 'cn-shanghai',
        endpoint: emulator.endpoint,
      })
      const tested = await dispatch(api, 'credentials:test', undefined)
      expect(tested).toMatchObject({ ok: true, value: { outcome: 'wrong-key' } })
      message = tested.ok ? (tested.value as { message: string }).message : ''
    } finally {
      // The log is flushed on close.
      await stop()
    }
    const log = await readFile(join(core.dataDir, 'logs', LOG_FILE), 'utf8')
    expect(log).toContain('connection test')
    // Green's signature debug text, which the page no longer shows, is here for support.
    expect(message).toContain('string to sign')
    expect(log).toContain(JSON.stringify(message).slice(1, -1))
    expect(log).not.toContain('not-the-secret')
  })
})
