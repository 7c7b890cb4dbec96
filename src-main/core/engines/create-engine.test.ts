import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppCore } from '../app-core'
import { MemoryCredentialStore } from '../credentials/memory-credential-store'
import { createEngine } from './create-engine'

let dir: string
let core: AppCore

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-engine-'))
  core = await AppCore.open({
    dataDir: dir,
    host: 'cli',
    env: {},
    credentialStore: new MemoryCredentialStore(),
  })
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('createEngine', () => {
  it('builds the local engine with no account', async () => {
    const engine = await createEngine('local', core.credentials)
    expect(engine.ok && engine.value.id).toBe('local')
    if (engine.ok) await engine.value.close()
  })

  it('refuses Green without an account, leaving how to add one to the host', async () => {
    const engine = await createEngine('green', core.credentials)
    expect(engine).toMatchObject({
      ok: false,
      error: { code: 'CREDENTIALS_MISSING', params: { reason: 'no-account' } },
    })
    if (!engine.ok) expect(engine.error.message).toMatch(/local engine/)
    if (!engine.ok) expect(engine.error.message).not.toMatch(/greenlight |Settings/)
  })

  it('builds Green from the stored key, and rejects a plain-http endpoint off loopback', async () => {
    await core.credentials.set({ accessKeyId: 'LTAI5tEngineTest1', accessKeySecret: 's' })
    const engine = await createEngine('green', core.credentials)
    expect(engine.ok && engine.value.id).toBe('green')
    if (engine.ok) await engine.value.close()
    const unsafe = await createEngine('green', core.credentials, {
      endpoint: 'http://green.example.com',
    })
    expect(unsafe.ok).toBe(false)
  })
})
