import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyringSkipReason, startTestKeyring, type TestKeyring } from '../keyring/test-keyring'
import { KeytarCredentialStore } from '../../src-main/core/credentials/keytar-credential-store'

/**
 * Against a real Secret Service (a private gnome-keyring). Where none can run (macOS, Windows, or
 * a Linux box without the apt packages) the suite is skipped with the reason; in CI it must run.
 */
const unavailable = keyringSkipReason()

describe.skipIf(unavailable !== null)('KeytarCredentialStore on a real keyring', () => {
  let keyring: TestKeyring
  const service = `GreenlightTest-${String(process.pid)}`

  beforeAll(async () => {
    keyring = await startTestKeyring()
    // libsecret reads the bus address when keytar first connects, which is after this line.
    Object.assign(process.env, keyring.env)
  })

  afterAll(() => {
    keyring.stop()
  })

  it('sets, reads, lists and deletes, and secret-tool sees the entry independently', async () => {
    const store = new KeytarCredentialStore(service)
    const secret = { accessKeySecret: 'kEy-s3cret-VALUE', securityToken: 'STS.token-value' }
    expect(await store.write('work', secret)).toEqual({ ok: true, value: undefined })
    expect(await store.write('home', { accessKeySecret: 'other' })).toMatchObject({ ok: true })

    expect(await store.read('work')).toEqual({ ok: true, value: secret })
    expect(await store.read('nobody')).toEqual({ ok: true, value: null })
    expect(await store.list()).toEqual({ ok: true, value: ['home', 'work'] })

    const search = spawnSync('secret-tool', ['search', 'service', service, 'account', 'work'], {
      env: { ...process.env, ...keyring.env },
      encoding: 'utf8',
    })
    const seen = search.stdout + search.stderr
    expect(seen).toContain('attribute.account = work')
    expect(seen).toContain('kEy-s3cret-VALUE')

    expect(await store.delete('work')).toEqual({ ok: true, value: true })
    expect(await store.delete('work')).toEqual({ ok: true, value: false })
    expect(await store.list()).toEqual({ ok: true, value: ['home'] })
    const gone = spawnSync('secret-tool', ['search', 'service', service, 'account', 'work'], {
      env: { ...process.env, ...keyring.env },
      encoding: 'utf8',
    })
    expect(gone.stdout + gone.stderr).not.toContain('kEy-s3cret-VALUE')
  })
})
