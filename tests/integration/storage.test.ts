import { execFileSync, spawn } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
  chmodSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import { DATABASE_FILE, openStore } from '../../src-main/core/store/sqlite/open-store'
import { emulatorEnv } from '../fixtures/emulator-engine'
import { photoLikeJpeg } from '../fixtures/images'
import { runCliInProcess } from '../fixtures/run-cli'

/**
 * Issue "Hardening", findings 3, 7 and 9: the data folder on a full disk, read-only, or holding
 * a damaged database; two processes opening a fresh folder at once; one unreadable row.
 */

const isRoot = process.getuid?.() === 0
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false'

/** Why a tmpfs cannot be mounted here, or null when it can (root, and mount permitted). */
function mountProblem(): string | null {
  if (!isRoot) return 'mounting a tmpfs needs root'
  const probe = mkdtempSync(join(tmpdir(), 'greenlight-mount-probe-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' })
    execFileSync('umount', [probe], { stdio: 'pipe' })
    return null
  } catch (error) {
    return `mount is not permitted here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

const noMount = mountProblem()
/**
 * Runs where a tmpfs can be mounted; elsewhere skipped with the reason. Never skipped in CI as
 * root: there a mount that fails is a failure.
 */
const withTmpfs = (name: string, test: () => Promise<void>) => {
  if (noMount === null || (inCi && isRoot)) it(name, test)
  else it.skip(`${name} (skipped: ${noMount})`, test)
}

const mounted: string[] = []
function mountTmpfs(dir: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' })
  mounted.push(dir)
}
afterEach(() => {
  for (const dir of mounted.splice(0).reverse()) {
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' })
    } catch {
      // already unmounted by the test
    }
  }
})

let emulator: RunningEmulator
let photos: string
const PHOTOS = 40

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, latencyMs: 0, qps: 0 })
  photos = mkdtempSync(join(tmpdir(), 'greenlight-storage-photos-'))
  for (let i = 0; i < PHOTOS; i++) {
    writeFileSync(
      join(photos, `p${String(i).padStart(2, '0')}.jpg`),
      await photoLikeJpeg(96, 64, i),
    )
  }
})
afterAll(async () => {
  await emulator.close()
  rmSync(photos, { recursive: true, force: true })
})

const scanArgs = () => ['scan', photos, '--engine', 'green', '--endpoint', emulator.endpoint]

async function states(home: string): Promise<Record<string, number>> {
  const store = await openStore(home)
  try {
    const rows = await store.db.all<{ state: string; n: number }>(
      'SELECT state, COUNT(*) AS n FROM items GROUP BY state',
    )
    return Object.fromEntries(rows.map((r) => [r.state, r.n]))
  } finally {
    await store.close()
  }
}

describe('a full disk', () => {
  withTmpfs(
    'a scan that fills a 2 MiB tmpfs stops with STORAGE_FULL, fails no image, and a rerun after freeing space finishes every one',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'greenlight-full-'))
      mountTmpfs(home, 'size=2m')
      // The database exists first; then a filler leaves room for only part of the scan.
      await (await openStore(home)).close()
      const { bavail, bsize } = statfsSync(home)
      writeFileSync(join(home, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 160 * 1024)))

      const full = await runCliInProcess(scanArgs(), home, emulatorEnv(emulator))
      expect(full.code).toBe(1)
      expect(full.stderr).toContain(`The disk holding Greenlight's data folder ${home} is full`)
      expect(full.stderr).not.toMatch(/cannot rollback|SQLITE_/)
      // The summary never claims a clean run while images are left: it counts them unfinished.
      expect(full.stderr).toMatch(/0 failed, 0 cancelled, \d+ unfinished\./)
      expect(full.stdout).not.toMatch(/^failed /m)

      // Room again: the filler goes and the mount grows (a scan's WAL alone can reach 2 MiB).
      rmSync(join(home, 'filler'))
      execFileSync('mount', ['-o', 'remount,size=32m', home], { stdio: 'pipe' })
      const afterFull = await states(home)
      expect(afterFull.failed ?? 0).toBe(0)
      expect(afterFull.done ?? 0).toBeLessThan(PHOTOS)

      const rerun = await runCliInProcess(scanArgs(), home, emulatorEnv(emulator))
      expect(rerun.stderr).toContain(`${String(PHOTOS)} done`)
      expect(rerun.code).toBe(0)
      expect(await states(home)).toEqual({ done: PHOTOS })
    },
  )
})

describe('a read-only data folder', () => {
  /** Any command refuses with one sentence naming the folder: no SQLite code, no errno, no stack. */
  async function expectOneClearRefusal(home: string): Promise<void> {
    const result = await runCliInProcess(['export', '--json', join(tmpdir(), 'x.json')], home, {})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Greenlight cannot write to its data folder ${home}`)
    expect(result.stderr.match(/cannot write to its data folder/g)).toHaveLength(1)
    expect(result.stderr).not.toMatch(/SQLITE_CANTOPEN|ENOENT|at .*\.ts:\d+/)
  }

  if (isRoot) {
    // Root ignores permission bits: a read-only mount is what stops it.
    withTmpfs(
      'an existing data folder on a read-only mount gives one message naming it',
      async () => {
        const home = mkdtempSync(join(tmpdir(), 'greenlight-ro-'))
        mountTmpfs(home, 'size=4m')
        await (await openStore(home)).close()
        execFileSync('mount', ['-o', 'remount,ro', home], { stdio: 'pipe' })
        await expectOneClearRefusal(home)
      },
    )
    withTmpfs(
      'a data folder to be made inside a read-only mount gives one message naming it',
      async () => {
        const parent = mkdtempSync(join(tmpdir(), 'greenlight-ro-parent-'))
        mountTmpfs(parent, 'size=1m,ro')
        await expectOneClearRefusal(join(parent, 'Greenlight'))
      },
    )
  } else {
    it('a data folder without write permission gives one message naming it', async () => {
      const home = mkdtempSync(join(tmpdir(), 'greenlight-ro-'))
      await (await openStore(home)).close()
      chmodSync(home, 0o555)
      try {
        await expectOneClearRefusal(home)
      } finally {
        chmodSync(home, 0o755)
      }
    })
  }
})

describe('a damaged database', () => {
  it.each([
    ['empty (0 bytes)', Buffer.alloc(0)],
    ['garbage', Buffer.from('not sqlite at all\n'.repeat(300))],
  ])('an %s database is moved aside and the CLI says so', async (_kind, bytes) => {
    const home = mkdtempSync(join(tmpdir(), 'greenlight-damaged-'))
    writeFileSync(join(home, DATABASE_FILE), bytes)
    const out = join(home, 'out.json')
    const result = await runCliInProcess(['export', '--json', out], home, {})
    expect(result.code).toBe(0)
    const aside = readdirSync(home).filter((f) => f.startsWith(`${DATABASE_FILE}.corrupt-`))
    expect(aside).toHaveLength(1)
    expect(aside[0]).toMatch(/^greenlight\.sqlite\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/)
    expect(readFileSync(join(home, aside[0] ?? '')).equals(bytes)).toBe(true)
    expect(result.stderr).toContain(
      `greenlight: Greenlight's database in ${home} could not be read`,
    )
    expect(result.stderr).toContain(aside[0])
    expect(readFileSync(out, 'utf8').trim()).toBe('[]')
  })
})

describe('one unreadable row', () => {
  it("a row with results = '{oops' is skipped and counted by export and by a rerun of scan", async () => {
    const home = mkdtempSync(join(tmpdir(), 'greenlight-oops-'))
    const three = mkdtempSync(join(tmpdir(), 'greenlight-oops-photos-'))
    for (const name of readdirSync(photos).slice(0, 3)) {
      writeFileSync(join(three, name), readFileSync(join(photos, name)))
    }
    const args = ['scan', three, '--engine', 'green', '--endpoint', emulator.endpoint]
    expect((await runCliInProcess(args, home, emulatorEnv(emulator))).code).toBe(0)
    const store = await openStore(home)
    const bad = (await store.db.get<{ id: number }>('SELECT MIN(id) AS id FROM items'))?.id ?? 0
    await store.db.run("UPDATE items SET results = '{oops' WHERE id = ?", [bad])
    await store.close()

    const csv = join(home, 'out.csv')
    const exported = await runCliInProcess(['export', '--csv', csv], home, {})
    expect(exported.code).toBe(0)
    expect(exported.stderr).toContain('Exported 2 item(s)')
    expect(exported.stderr).toContain(`1 unreadable row skipped (item id ${String(bad)})`)
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(3)

    const again = await runCliInProcess(args, home, emulatorEnv(emulator))
    expect(again.stderr).toContain(`1 unreadable row skipped (item id ${String(bad)})`)
    expect(again.stderr).not.toMatch(/JSON/)
    expect(again.code).toBe(0)
    rmSync(three, { recursive: true, force: true })
  })
})

describe('two processes opening a fresh folder at once', () => {
  /** One `node` running open-store-once.ts through tsx, released at `startAt`. */
  function openIn(home: string, startAt: number): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/fixtures/open-store-once.ts', home, String(startAt)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
      child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')))
      child.on('error', reject)
      child.on('close', (code) => {
        resolve({ code, out })
      })
    })
  }

  it('both succeed, round after round', async () => {
    for (let round = 0; round < 6; round++) {
      const home = join(mkdtempSync(join(tmpdir(), 'greenlight-race-')), 'data')
      if (round % 2 === 1) mkdirSync(home)
      // Both wait for the same moment after loading, so they open within a millisecond or so.
      const startAt = Date.now() + 2500
      const results = await Promise.all([openIn(home, startAt), openIn(home, startAt)])
      expect(results.map((r) => r.out.trim())).toEqual(['opened 0', 'opened 0'])
      expect(results.map((r) => r.code)).toEqual([0, 0])
      expect(
        readdirSync(home).filter((f) => f.includes('.corrupt-') || f.includes('.new-')),
      ).toEqual([])
    }
  })
})
