import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../tests/fixtures/images'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { createApi } from './api'
import { dispatch } from './api-dispatch'
import type { AppCore } from './app-core'

let opened: TestCore
let dir: string
let core: AppCore

beforeEach(async () => {
  opened = await openAppCore()
  ;({ dir, core } = opened)
  await core.watch.start()
})

afterEach(() => opened.close())

it('adds, switches off and removes watched folders over IPC, with plain errors for bad paths', async () => {
  const api = createApi(core)
  const folder = join(dir, '照片')
  mkdirSync(folder)
  const added = await dispatch(api, 'watch:add', { path: folder })
  expect(added).toMatchObject({ ok: true, value: [{ path: folder, enabled: true }] })
  const id = added.ok ? (added.value as { id: number }[])[0]!.id : -1

  expect(await dispatch(api, 'watch:set-enabled', { id, enabled: false })).toMatchObject({
    ok: true,
    value: [{ id, enabled: false, state: 'disabled' }],
  })
  expect(await dispatch(api, 'watch:add', { path: join(dir, 'nope') })).toMatchObject({
    ok: false,
    error: { code: 'FILE_NOT_FOUND' },
  })
  expect(await dispatch(api, 'watch:set-enabled', { id: 999, enabled: true })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  })
  expect(await dispatch(api, 'watch:remove', { id })).toEqual({ ok: true, value: [] })
  expect(await dispatch(api, 'watch:list', undefined)).toEqual({ ok: true, value: [] })
})

it('switching followSymlinks on over IPC re-watches folders: a photo behind a link outside is found', async () => {
  const api = createApi(core)
  const folder = join(dir, 'inbox')
  const outside = join(dir, 'elsewhere')
  mkdirSync(folder)
  mkdirSync(outside)
  writeFileSync(join(outside, 'shared.jpg'), await photoLikeJpeg(64, 48, 1))
  symlinkSync(outside, join(folder, 'linked'))
  await dispatch(api, 'watch:add', { path: folder })
  const items = async () => (await core.store.items.list(0, 10, {})).items.map((i) => i.source)
  await expect.poll(() => core.watch.status()[0]?.state).toBe('watching')
  await core.watch.idle()
  expect(await items()).toEqual([])
  await dispatch(api, 'settings:set', { followSymlinks: true })
  await expect.poll(items, { timeout: 20_000 }).toEqual([join(folder, 'linked', 'shared.jpg')])
})
