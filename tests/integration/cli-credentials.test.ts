import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src-main/core/engines/green/emulator/emulator'
import { photoLikeJpeg } from '../fixtures/images'
import { keyringSkipReason, startTestKeyring, type TestKeyring } from '../keyring/test-keyring'

const unavailable = keyringSkipReason()

const SECRET = 'cli-Secret-7c1d2e3f'

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GREENLIGHT_HOME: home }
  delete env.ALIBABA_CLOUD_ACCESS_KEY_ID
  delete env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
  delete env.ALIBABA_CLOUD_SECURITY_TOKEN
  return env
}

function greenlight(env: NodeJS.ProcessEnv, args: string[], input = '') {
  const result = spawnSync(process.execPath, ['bin/greenlight.js', ...args], {
    encoding: 'utf8',
    env,
    input,
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

/** For runs that talk to a server in this process: spawnSync would block its event loop. */
function greenlightAsync(env: NodeJS.ProcessEnv, args: string[], input = '') {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/greenlight.js', ...args], { env })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.on('close', (code) => {
      resolve({ code, out, err })
    })
    child.stdin.end(input)
  })
}

describe.skipIf(unavailable !== null)('greenlight credentials with a real keychain', () => {
  let keyring: TestKeyring
  let env: NodeJS.ProcessEnv
  let home: string

  beforeAll(async () => {
    keyring = await startTestKeyring()
    home = mkdtempSync(join(tmpdir(), 'greenlight-cli-creds-'))
    env = { ...baseEnv(home), ...keyring.env }
  })

  afterAll(() => {
    keyring.stop()
  })

  it('sets from stdin lines, shows masked, lists, and deletes; secret-tool sees the entry', () => {
    const set = greenlight(
      env,
      ['credentials', 'set', '--profile', 'work', '--region', 'cn-beijing'],
      `LTAI5tCliTest0001\n${SECRET}\nSTS.cli-token\n`,
    )
    expect(set.err).toBe('')
    expect(set.code).toBe(0)
    expect(set.out).toContain('LTAI****0001')

    const show = greenlight(env, ['credentials', 'show'])
    expect(show.out).toMatch(/AccessKey ID: LTAI\*\*\*\*0001/)
    expect(show.out).toMatch(/Region: +cn-beijing/)
    expect(show.out).toMatch(/Source: +OS keychain, profile "work"/)

    expect(greenlight(env, ['credentials', 'list']).out).toContain(
      '* work  LTAI****0001  cn-beijing',
    )

    const search = spawnSync(
      'secret-tool',
      ['search', 'service', 'Greenlight', 'account', 'work'],
      { env, encoding: 'utf8' },
    )
    expect(search.stdout + search.stderr).toContain(SECRET)

    for (const args of [['credentials', 'show'], ['credentials', 'list'], ['--help']]) {
      const run = greenlight(env, args)
      expect(run.out + run.err).not.toContain(SECRET)
    }
    for (const file of filesUnder(home))
      expect(readFileSync(file).includes(SECRET), file).toBe(false)

    const deleted = greenlight(env, ['credentials', 'delete', '--profile', 'work'])
    expect(deleted.code).toBe(0)
    expect(deleted.out).toContain('No AccessKey configured')
    const gone = spawnSync('secret-tool', ['search', 'service', 'Greenlight', 'account', 'work'], {
      env,
      encoding: 'utf8',
    })
    expect(gone.stdout + gone.stderr).not.toContain(SECRET)
  })

  it('tests the stored key against Green (the emulator here): ok, then wrong-key', async () => {
    const emulator = await startEmulator({ port: 0 })
    try {
      const input = `${emulator.accessKeyId}\n${emulator.accessKeySecret}\n`
      const set = greenlight(env, ['credentials', 'set', '--endpoint', emulator.endpoint], input)
      expect(set.code).toBe(0)
      const good = await greenlightAsync(env, ['credentials', 'test'])
      expect(good.out).toMatch(/^ok: Connected to Green at http:\/\/127\.0\.0\.1:\d+/)
      expect(good.code).toBe(0)

      greenlight(
        env,
        ['credentials', 'set', '--endpoint', emulator.endpoint],
        `${emulator.accessKeyId}\nwrong-secret\n`,
      )
      const bad = await greenlightAsync(env, ['credentials', 'test'])
      expect(bad.out).toMatch(/^wrong-key: /)
      expect(bad.code).toBe(1)
      greenlight(env, ['credentials', 'delete'])
    } finally {
      await emulator.close()
    }
  })

  it('after a full Green scan with keychain credentials, no data file, log or export holds the secret', async () => {
    const secret = 'FullScan-Secret-9a8b7c6d'
    const emulator = await startEmulator({
      port: 0,
      accessKeyId: 'LTAI5tFullScan0001',
      accessKeySecret: secret,
    })
    try {
      const photos = join(home, '..', `photos-${String(process.pid)}`)
      mkdirSync(photos, { recursive: true })
      writeFileSync(join(photos, '海边.jpg'), await photoLikeJpeg(640, 480, 21))
      writeFileSync(join(photos, 'b.jpg'), await photoLikeJpeg(640, 480, 22))
      const exports = mkdtempSync(join(tmpdir(), 'greenlight-exports-'))

      const set = await greenlightAsync(
        env,
        ['credentials', 'set', '--endpoint', emulator.endpoint],
        `LTAI5tFullScan0001\n${secret}\n`,
      )
      expect(set.code, set.err).toBe(0)
      const scan = await greenlightAsync(env, [
        'scan',
        photos,
        '--engine',
        'green',
        '--scenes',
        'porn,terrorism',
        '--csv',
        join(exports, 'scan.csv'),
        '--json',
        join(exports, 'scan.json'),
      ])
      expect(scan.code, scan.err).toBe(0)
      expect(scan.out.trim().split('\n')).toHaveLength(2)
      const exported = await greenlightAsync(env, [
        'export',
        '--csv',
        join(exports, 'all.csv'),
        '--long',
      ])
      expect(exported.code, exported.err).toBe(0)

      const everything = [...filesUnder(home), ...filesUnder(exports)]
      expect(everything.some((f) => f.endsWith('greenlight.log'))).toBe(true)
      expect(everything.filter((f) => f.endsWith('.csv') || f.endsWith('.json'))).toHaveLength(3)
      for (const file of everything) expect(readFileSync(file).includes(secret), file).toBe(false)
      for (const run of [set, scan, exported]) expect(run.out + run.err).not.toContain(secret)
      greenlight(env, ['credentials', 'delete'])
    } finally {
      await emulator.close()
    }
  })

  it('shows env credentials as the source, and never their secret', () => {
    const run = greenlight(
      {
        ...env,
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEnvOnly0002',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
      },
      ['credentials', 'show'],
    )
    expect(run.out).toMatch(/Source: +environment variables/)
    expect(run.out).toContain('LTAI****0002')
    expect(run.out).not.toContain(SECRET)
  })
})

describe('greenlight credentials without a Secret Service', () => {
  it.skipIf(process.platform !== 'linux')(
    'fails clearly, offers the env route, and writes nothing',
    () => {
      const home = mkdtempSync(join(tmpdir(), 'greenlight-cli-nobus-'))
      const env: NodeJS.ProcessEnv = {
        ...baseEnv(home),
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/greenlight-bus',
      }
      delete env.DISPLAY
      const set = greenlight(env, ['credentials', 'set'], `LTAI5tNoBus00003\n${SECRET}\n`)
      expect(set.code).toBe(1)
      expect(set.err).toContain('No OS keychain is available')
      expect(set.err).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
      expect(greenlight(env, ['credentials', 'list']).out).toContain('No profiles.')
      for (const file of filesUnder(home))
        expect(readFileSync(file).includes(SECRET), file).toBe(false)
    },
  )
})

describe('greenlight credentials test --endpoint', () => {
  it('tests the key at the endpoint given, not the default host', async () => {
    const emulator = await startEmulator({ port: 0 })
    try {
      const home = mkdtempSync(join(tmpdir(), 'greenlight-cli-endpoint-'))
      const env: NodeJS.ProcessEnv = {
        ...baseEnv(home),
        ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
      }
      const endpoint = `http://127.0.0.1:${String(emulator.port)}`
      const run = await greenlightAsync(env, ['credentials', 'test', '--endpoint', endpoint])
      expect(run.err).toBe('')
      expect(run.out).toBe(`ok: Connected to Green at ${endpoint} with the environment.\n`)
      expect(run.code).toBe(0)
      expect(emulator.stats.requests).not.toEqual({})
    } finally {
      await emulator.close()
    }
  })
})
