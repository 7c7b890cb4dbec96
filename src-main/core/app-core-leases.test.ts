import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ok } from '../../src-shared/result'
import { AppCore, type HostKind } from './app-core'
import { MemoryCredentialStore } from './credentials/memory-credential-store'
import { settleOwnItems } from './scan/lease-keeper'
import type { ScanEngine } from './engines/scan-engine'
import { leasePolicy } from './store/lease'
import { openStore } from './store/sqlite/open-store'

let dir = ''
const opened: AppCore[] = []
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-core-leases-'))
})
afterEach(async () => {
  for (const core of opened.splice(0)) await core.close()
  await rm(dir, { recursive: true, force: true })
})

/** A short lease, so a dead owner's work comes back in milliseconds. */
const LEASE_MS = 150

const openCore = (host: HostKind, leaseMs: number) =>
  AppCore.open({
    dataDir: dir,
    host,
    credentialStore: new MemoryCredentialStore(),
    env: {},
    leasePolicy: leasePolicy(leaseMs),
  })

async function open(host: HostKind, scanned: string[], leaseMs = LEASE_MS): Promise<AppCore> {
  const core = await openCore(host, leaseMs)
  opened.push(core)
  core.scan.setOverrides({
    limits: { batchSize: 3, concurrency: 2 },
    createEngine: () => Promise.resolve(ok(recording(scanned))),
  })
  return core
}

/** Answers every task after a turn of the event loop (so two processes interleave), noting it. */
function recording(scanned: string[]): ScanEngine {
  return {
    id: 'local',
    supportedScenes: ['porn'],
    scan: async (tasks) => {
      await new Promise((resolve) => setImmediate(resolve))
      scanned.push(...tasks.map((t) => t.dataId))
      return ok(
        tasks.map((t) => ({
          ok: true as const,
          dataId: t.dataId,
          results: [
            { scene: 'porn' as const, label: 'normal', suggestion: 'pass' as const, rate: 99 },
          ],
          unsupported: [],
        })),
      )
    },
    close: () => Promise.resolve(),
  }
}

const urls = (n: number) =>
  Array.from({ length: n }, (_, i) => `https://example.com/${String(i)}.jpg`)

/**
 * Another process claims `ids` with a lease of LEASE_MS and stops without releasing it, as a run
 * killed with -9 does: only the lease's expiry can bring the items back.
 */
async function claimAndDie(state: 'hashing' | 'scanning', ids: readonly number[]): Promise<void> {
  const dead = await openStore(dir)
  dead.items.useLease({ owner: 'dead-run', until: () => Date.now() + LEASE_MS })
  expect(await dead.items.transitionAll(['queued'], { state }, ids)).toHaveLength(ids.length)
  await dead.close()
}

/** Waits for a condition (never for a duration): a lease period passes on its own. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('two AppCores on one data folder', () => {
  it('work one queue together and never scan an item twice', async () => {
    const scanned: string[] = []
    // Leases that outlast any stall of this loaded test process: none expires while its owner
    // works (an expiry while alive is the one way an item is sent twice, by design).
    const first = await open('cli', scanned, 5_000)
    const second = await open('cli', scanned, 5_000)
    // The second is told the truth (another Greenlight has the folder open), and works anyway.
    expect([first.sharesDataDir, second.sharesDataDir]).toEqual([false, true])
    const items = await first.addPaths(urls(60), 'local', ['porn'])
    second.scan.start()
    await Promise.all([first.scan.whenSettled(), second.scan.whenSettled()])
    const ids = items.map((i) => i.id)
    // Each waits for what the other still holds, as the CLI does.
    for (const core of [first, second]) {
      expect(await settleOwnItems(core.scan, core.store.items, ids, { everyMs: 20 })).toEqual([])
    }
    expect((await first.store.items.getMany(ids)).every((i) => i.state === 'done')).toBe(true)
    expect(scanned).toHaveLength(60)
    expect(new Set(scanned).size).toBe(60)
  })

  it("takes back a dead process's items once its lease runs out, whoever holds the folder", async () => {
    const scanned: string[] = []
    const app = await open('harness', scanned)
    const [stuck] = await app.store.items.insertMany([
      { sourceKind: 'url', source: 'https://example.com/a.jpg', engine: 'local', scenes: ['porn'] },
    ])
    // A run that died mid-scan (kill -9, or a zombie nobody reaps): its lease is live a moment.
    await claimAndDie('scanning', [stuck!.id])
    expect((await app.store.items.progress()).elsewhere).toBe(1)
    // Nothing asks the app to scan: its periodic reclaim finds the expired lease and scans it.
    await until(async () => (await app.store.items.get(stuck!.id))?.state === 'done')
    expect(scanned).toEqual([String(stuck!.id)])
  })

  it('a CLI run waits for its items another process holds, then scans what comes back', async () => {
    const scanned: string[] = []
    const cli = await open('cli', scanned)
    const items = await cli.store.items.insertMany(
      urls(4).map((source) => ({
        sourceKind: 'url' as const,
        source,
        engine: 'local' as const,
        scenes: ['porn' as const],
      })),
    )
    const ids = items.map((i) => i.id)
    await claimAndDie('hashing', ids.slice(0, 2))
    const said: number[] = []
    cli.scan.start()
    const left = await settleOwnItems(cli.scan, cli.store.items, ids, {
      // Slower than the lease timer: the items come back through it, not through this loop.
      everyMs: LEASE_MS * 2,
      onHeld: (n) => said.push(n),
    })
    expect(left).toEqual([])
    expect(said).toEqual([2])
    expect((await cli.store.items.getMany(ids)).map((i) => i.state)).toEqual(
      Array<string>(4).fill('done'),
    )
    expect(scanned.sort()).toEqual(ids.map(String).sort())
  })

  it('a clean close releases what it held: the next process waits for nothing', async () => {
    const scanned: string[] = []
    const first = await open('cli', scanned)
    const [item] = await first.store.items.insertMany([
      { sourceKind: 'url', source: 'https://example.com/b.jpg', engine: 'local', scenes: ['porn'] },
    ])
    // Claimed (leased to `first`) and never finished: the close leaves it mid-flight.
    await first.store.items.transitionAll(['queued'], { state: 'scanning' }, [item!.id])
    await first.close()
    opened.splice(opened.indexOf(first), 1)
    // A lease far longer than any test: only the release can explain a recovery here.
    const next = await openCore('cli', 3_600_000)
    opened.push(next)
    expect((await next.store.items.get(item!.id))?.state).toBe('queued')
  })
})
