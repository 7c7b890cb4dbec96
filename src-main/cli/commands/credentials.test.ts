import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { MemoryCredentialStore } from '../../core/credentials/memory-credential-store'
import { startEmulator, type RunningEmulator } from '../../core/engines/green/emulator/emulator'

let dir = ''
let tested: RunningEmulator
let other: RunningEmulator

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-creds-'))
  tested = await startEmulator({ port: 0 })
  other = await startEmulator({ port: 0 })
})

afterAll(async () => {
  await Promise.all([tested.close(), other.close()])
  await rm(dir, { recursive: true, force: true })
})

const calls = (emulator: RunningEmulator) =>
  Object.values(emulator.stats.requests).reduce((a, b) => a + b, 0)

/** `greenlight ...` in-process, with a keychain that lives in memory (shared across calls). */
function cliWith(store: MemoryCredentialStore, home: string, env: NodeJS.ProcessEnv = {}) {
  return (args: string[], stdin = '') =>
    runCliInProcess(args, home, env, new TextEncoder().encode(stdin), store)
}

describe('greenlight credentials test', () => {
  it('--endpoint tests that endpoint, not the one configured (nor the default host)', async () => {
    // The environment's key, with the settings pointing nowhere in particular: the default host.
    const cli = cliWith(new MemoryCredentialStore(), join(dir, 'env'), emulatorEnv(tested))
    const before = calls(tested)
    const r = await cli(['credentials', 'test', '--endpoint', `http://127.0.0.1:${tested.port}`])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      `ok: Connected to Green at http://127.0.0.1:${tested.port} with the environment.\n`,
    )
    expect(r.code).toBe(0)
    expect(calls(tested)).toBeGreaterThan(before)
  })

  it('--profile tests that stored profile, whichever is active, and --endpoint overrides its endpoint', async () => {
    const cli = cliWith(new MemoryCredentialStore(), join(dir, 'profiles'))
    const key = `${tested.accessKeyId}\n${tested.accessKeySecret}\n`
    expect(
      (await cli(['credentials', 'set', '--profile', 'good', '--endpoint', other.endpoint], key))
        .code,
    ).toBe(0)
    // Set last, so it is the active one: a wrong secret on the emulator under test.
    const wrong = `${tested.accessKeyId}\nwrong-secret\n`
    expect(
      (await cli(['credentials', 'set', '--profile', 'bad', '--endpoint', tested.endpoint], wrong))
        .code,
    ).toBe(0)

    const active = await cli(['credentials', 'test'])
    expect(active.stdout).toMatch(/^wrong-key: /)
    expect(active.code).toBe(1)

    const [testedBefore, otherBefore] = [calls(tested), calls(other)]
    const good = await cli([
      'credentials',
      'test',
      '--profile',
      'good',
      '--endpoint',
      tested.endpoint,
    ])
    expect(good.stdout).toBe(`ok: Connected to Green at ${tested.endpoint} with profile "good".\n`)
    expect(good.code).toBe(0)
    expect(calls(tested)).toBeGreaterThan(testedBefore)
    expect(calls(other)).toBe(otherBefore)

    const missing = await cli(['credentials', 'test', '--profile', 'nope'])
    expect(missing.stderr).toContain('There is no profile named "nope"')
    expect(missing.code).toBe(1)
  })

  it('refuses an endpoint it would not use, as a usage error, before any call', async () => {
    const cli = cliWith(new MemoryCredentialStore(), join(dir, 'bad-endpoint'), emulatorEnv(tested))
    const r = await cli(['credentials', 'test', '--endpoint', 'http://green.example.com'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/plain http on a non-loopback host/)
  })
})
