import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { createApi, type Api } from './api'
import { dispatch } from './api-dispatch'
import type { AppCore } from './app-core'

let opened: TestCore
let dir: string
let core: AppCore
let api: Api

beforeEach(async () => {
  opened = await openAppCore({ host: 'cli' })
  ;({ dir, core } = opened)
  api = createApi(core)
})

afterEach(() => opened.close())

describe('dispatch', () => {
  it('refuses an unknown channel without running anything', async () => {
    const result = await dispatch(api, 'fs:read-file', { path: '/etc/passwd' })
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('returns a VALIDATION error that names the bad field', async () => {
    const result = await dispatch(api, 'items:list', { limit: 'lots' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION')
      expect(result.error.message).toContain('limit')
    }
    const extraKey = await dispatch(api, 'scan:add-paths', { paths: ['/a.jpg'], exec: 'rm -rf /' })
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('turns a throwing handler into an INTERNAL error instead of crashing', async () => {
    const broken: Api = {
      ...api,
      'settings:get': () => Promise.reject(new Error('disk on fire')),
    }
    expect(await dispatch(broken, 'settings:get', undefined)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'disk on fire', retryable: false },
    })
  })

  it('applies defaults from the contract', async () => {
    const result = await dispatch(api, 'items:list', {})
    expect(result).toMatchObject({ ok: true, value: { items: [], total: 0 } })
  })
})

describe('api', () => {
  it('adds inputs as durable items: folders walked, URLs kept, a missing file failed with why', async () => {
    // Paused, so the scan service (which starts on add) leaves the new items queued to look at.
    expect(await dispatch(api, 'scan:pause', undefined)).toMatchObject({
      ok: true,
      value: { state: 'paused', error: null },
    })
    const folder = join(dir, '相册')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    writeFileSync(join(folder, 'a.jpg'), 'bytes are judged later')
    writeFileSync(join(folder, 'sub', 'b.PNG'), 'bytes are judged later')
    writeFileSync(join(folder, 'notes.txt'), 'not an image name: skipped in a folder walk')
    const events: string[] = []
    core.events.subscribe((event) => events.push(event))
    const added = await dispatch(api, 'scan:add-paths', {
      paths: [folder, 'https://example.com/x.png', join(dir, 'missing.jpg')],
    })
    expect(added).toMatchObject({ ok: true, value: { added: 4 } })
    const page = await core.store.items.list(0, 10, {})
    const where = (source: string) => (source.startsWith(dir) ? source.slice(dir.length) : source)
    const rows = page.items.map((i) => [i.sourceKind, i.state, where(i.source)]).sort()
    expect(rows).toEqual([
      ['file', 'failed', '/missing.jpg'],
      ['file', 'queued', '/相册/a.jpg'],
      ['file', 'queued', '/相册/sub/b.PNG'],
      ['url', 'queued', 'https://example.com/x.png'],
    ])
    expect(page.items.find((i) => i.state === 'failed')?.error?.code).toBe('FILE_NOT_FOUND')
    await new Promise((r) => setTimeout(r, 20))
    expect(events).toEqual(['items:changed', 'progress:changed'])
  })

  it('resolves the default engine from the credentials: local without an account, green with one', async () => {
    expect(await dispatch(api, 'app:get-info', undefined)).toMatchObject({
      ok: true,
      value: { defaultEngine: 'local', host: 'cli' },
    })
    const withKey = await openAppCore({
      host: 'cli',
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKey1234',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's3cr3t',
      },
    })
    const keyApi = createApi(withKey.core)
    expect(await dispatch(keyApi, 'app:get-info', undefined)).toMatchObject({
      ok: true,
      value: { defaultEngine: 'green' },
    })
    const status = await dispatch(keyApi, 'credentials:status', undefined)
    expect(status).toEqual({
      ok: true,
      value: {
        configured: true,
        accessKeyIdMasked: 'LTAI****1234',
        source: 'env',
        region: 'cn-shanghai',
        endpoint: null,
        profile: null,
      },
    })
    expect(JSON.stringify(status)).not.toContain('s3cr3t')
    await withKey.close()
  })

  it('persists settings and rejects invalid ones', async () => {
    expect(await dispatch(api, 'settings:set', { batchSize: 50 })).toMatchObject({
      ok: true,
      value: { batchSize: 50 },
    })
    expect(await dispatch(api, 'settings:set', { batchSize: 500 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
    expect(await dispatch(api, 'settings:get', undefined)).toMatchObject({
      ok: true,
      value: { batchSize: 50 },
    })
  })
})
