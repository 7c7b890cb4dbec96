import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createApi } from './api'
import { dispatch } from './api-dispatch'
import { AppCore } from './app-core'
import { MemoryCredentialStore } from './credentials/memory-credential-store'

let dir: string
let core: AppCore

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-api-watch-'))
  core = await AppCore.open({
    dataDir: join(dir, 'data'),
    host: 'harness',
    env: {},
    credentialStore: new MemoryCredentialStore(),
  })
  await core.watch.start()
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

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
