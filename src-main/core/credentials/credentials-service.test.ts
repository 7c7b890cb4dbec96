import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appError, err, type Result } from '../../../src-shared/result'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import type { CredentialStore, KeychainSecret } from './credential-store'
import { CredentialsService } from './credentials-service'
import { MemoryCredentialStore } from './memory-credential-store'

let dir: string
let store: SqliteStore

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-creds-'))
  store = await openStore(dir)
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const ENV_KEY = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenvKEYid9999',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
}

function service(
  options: { keychain?: CredentialStore; env?: NodeJS.ProcessEnv; preferEnv?: boolean } = {},
) {
  return new CredentialsService({
    store: options.keychain ?? new MemoryCredentialStore(),
    profiles: store.profiles,
    env: options.env ?? {},
    preferEnv: options.preferEnv ?? false,
    fallbackRegion: () => Promise.resolve('cn-shanghai'),
  })
}

/** A keychain that refuses everything, as a locked or absent Secret Service does. */
class RefusingStore implements CredentialStore {
  readonly kind = 'keychain'
  private refuse<T>(): Promise<Result<T>> {
    return Promise.resolve(err(appError('KEYCHAIN_UNAVAILABLE', 'No OS keychain is available.')))
  }
  read = () => this.refuse<KeychainSecret | null>()
  write = () => this.refuse<undefined>()
  delete = () => this.refuse<boolean>()
  list = () => this.refuse<string[]>()
}

describe('CredentialsService', () => {
  it('keeps the secret in the keychain and only metadata in SQLite', async () => {
    const keychain = new MemoryCredentialStore()
    const creds = service({ keychain })
    const saved = await creds.set({
      accessKeyId: 'LTAI5tAbCdEfGh1234',
      accessKeySecret: 'the-secret',
      securityToken: 'STS.tok',
      region: 'cn-beijing',
      endpoint: 'http://127.0.0.1:9999/',
    })
    expect(saved).toEqual({
      ok: true,
      value: {
        configured: true,
        accessKeyIdMasked: 'LTAI****1234',
        source: 'keychain',
        region: 'cn-beijing',
        endpoint: 'http://127.0.0.1:9999',
        profile: 'default',
      },
    })
    expect(await keychain.read('default')).toEqual({
      ok: true,
      value: { accessKeySecret: 'the-secret', securityToken: 'STS.tok' },
    })
    const rows = await store.db.all('SELECT * FROM profiles')
    expect(JSON.stringify(rows)).not.toContain('the-secret')
    expect(JSON.stringify(rows)).not.toContain('STS.tok')

    expect(await creds.resolve()).toMatchObject({
      ok: true,
      value: {
        accessKey: {
          accessKeyId: 'LTAI5tAbCdEfGh1234',
          accessKeySecret: 'the-secret',
          securityToken: 'STS.tok',
        },
        source: 'keychain',
        region: 'cn-beijing',
      },
    })
  })

  it('writes nothing when the keychain refuses, and says why', async () => {
    const creds = service({ keychain: new RefusingStore() })
    const saved = await creds.set({
      accessKeyId: 'LTAI5tAbCdEfGh1234',
      accessKeySecret: 'the-secret',
    })
    expect(saved).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } })
    expect(await store.profiles.list()).toEqual([])
    expect((await creds.status()).configured).toBe(false)
  })

  it('lets env win in the CLI and the keychain win in the app', async () => {
    const keychain = new MemoryCredentialStore()
    await service({ keychain }).set({
      accessKeyId: 'LTAIkeychainId01',
      accessKeySecret: 'kc-secret',
    })
    const cli = service({ keychain, env: ENV_KEY, preferEnv: true })
    expect(await cli.status()).toMatchObject({ source: 'env', accessKeyIdMasked: 'LTAI****9999' })
    expect(await cli.resolve()).toMatchObject({
      ok: true,
      value: { source: 'env', accessKey: { accessKeySecret: 'env-secret' } },
    })
    const app = service({ keychain, env: ENV_KEY, preferEnv: false })
    expect(await app.status()).toMatchObject({ source: 'keychain', profile: 'default' })
    // With no profile at all, env is used by every host.
    const fresh = service({ env: ENV_KEY })
    await store.profiles.delete('default')
    expect(await fresh.status()).toMatchObject({ configured: true, source: 'env' })
  })

  it('falls back to env when the keychain cannot be read, and reports a missing keychain entry', async () => {
    const keychain = new MemoryCredentialStore()
    await service({ keychain }).set({
      accessKeyId: 'LTAIkeychainId01',
      accessKeySecret: 'kc-secret',
    })
    expect(await service({ keychain: new RefusingStore(), env: ENV_KEY }).resolve()).toMatchObject({
      ok: true,
      value: { source: 'env' },
    })
    expect(await service({ keychain: new RefusingStore() }).resolve()).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE' },
    })
    await keychain.delete('default')
    const missing = await service({ keychain }).resolve()
    expect(missing).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_MISSING' } })
    expect(await service({ keychain }).list()).toMatchObject({
      ok: true,
      value: [{ name: 'default', inKeychain: false }],
    })
  })

  it('manages several profiles with one active, and deletes cleanly', async () => {
    const keychain = new MemoryCredentialStore()
    const creds = service({ keychain })
    await creds.set({ profile: 'work', accessKeyId: 'LTAIworkKey00001', accessKeySecret: 'w' })
    await creds.set({
      profile: 'home',
      accessKeyId: 'LTAIhomeKey00002',
      accessKeySecret: 'h',
      region: 'ap-southeast-1',
    })
    expect((await creds.status()).profile).toBe('home')
    expect(await creds.activate('work')).toMatchObject({ ok: true, value: { profile: 'work' } })
    expect(await creds.activate('nope')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await creds.delete('work')).toMatchObject({ ok: true, value: { profile: 'home' } })
    expect(await keychain.list()).toEqual({ ok: true, value: ['home'] })
    expect(await creds.delete('work')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('rejects bad input before touching the keychain', async () => {
    const keychain = new MemoryCredentialStore()
    const creds = service({ keychain })
    const cases = [
      { accessKeyId: 'has space', accessKeySecret: 's' },
      { accessKeyId: 'LTAIokOKokOK', accessKeySecret: ' ' },
      { accessKeyId: 'LTAIokOKokOK', accessKeySecret: 's', profile: '../etc' },
      { accessKeyId: 'LTAIokOKokOK', accessKeySecret: 's', endpoint: 'http://green.example.com' },
    ]
    for (const input of cases) {
      expect(await creds.set(input), JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      })
    }
    expect(await keychain.list()).toEqual({ ok: true, value: [] })
  })
})
