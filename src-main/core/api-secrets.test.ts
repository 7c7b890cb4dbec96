import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { INVOKE_CHANNEL_NAMES } from '../../src-shared/ipc'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { createApi } from './api'
import { dispatch } from './api-dispatch'
import type { AppCore } from './app-core'
import { sqliteDatabaseOf } from './store/sqlite/open-store'

let opened: TestCore
let dir: string
let core: AppCore

beforeEach(async () => {
  opened = await openAppCore({ host: 'electron', flushMs: 1 })
  ;({ dir, core } = opened)
})

afterEach(() => opened.close())

it('never sends the secret or STS token back through any channel or event, nor writes it to the data dir', async () => {
  const secret = 'SECRET-9f8e7d6c5b4a'
  const token = 'STS-TOKEN-0a1b2c3d4e5f'
  const api = createApi(core)
  const outbound: string[] = []
  core.events.subscribe((event, payload) => outbound.push(JSON.stringify({ event, payload })))

  const set = await dispatch(api, 'credentials:set', {
    accessKeyId: 'LTAI5tSecretTest01',
    accessKeySecret: secret,
    securityToken: token,
    // A closed loopback port: credentials:test must fail fast without leaking anything either.
    endpoint: 'http://127.0.0.1:9',
  })
  expect(set.ok).toBe(true)
  outbound.push(JSON.stringify(set))
  await dispatch(api, 'scan:add-paths', { paths: ['/photos/a.jpg'] })

  const sampleRequests: Record<string, unknown> = {
    'settings:set': { batchSize: 20 },
    'items:list': {},
    'scan:add-paths': { paths: ['https://example.com/x.jpg'] },
    'credentials:set': {
      accessKeyId: 'LTAI5tSecretTest01',
      accessKeySecret: secret,
      endpoint: 'http://127.0.0.1:9',
    },
    'credentials:delete': { profile: 'nobody' },
  }
  for (const channel of INVOKE_CHANNEL_NAMES) {
    outbound.push(JSON.stringify(await dispatch(api, channel, sampleRequests[channel])))
  }
  core.events.flush()

  expect(outbound.length).toBeGreaterThan(INVOKE_CHANNEL_NAMES.length)
  for (const message of outbound) {
    expect(message).not.toContain(secret)
    expect(message).not.toContain(token)
  }
  // The scan service started on add: stop it so the checkpoint has the connection to itself.
  await core.scan.close()
  await sqliteDatabaseOf(core.store).exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const files = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name)
      return statSync(path).isDirectory() ? files(path) : [path]
    })
  expect(files(dir).some((f) => f.endsWith('greenlight.log'))).toBe(true)
  for (const file of files(dir)) {
    const bytes = readFileSync(file)
    expect(bytes.includes(secret), file).toBe(false)
    expect(bytes.includes(token), file).toBe(false)
  }
})
