import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { ok, type Result } from '../../../src-shared/result'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { emulatorEngine } from '../../../tests/fixtures/emulator-engine'
import { startEmulator, type RunningEmulator } from '../engines/green/emulator/emulator'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { VerdictCacheRepo } from '../store/sqlite/verdict-cache-repo'
import type { PollSchedule } from './async-poller'
import type { ScanEngine } from '../engines/scan-engine'
import { ScanService } from './scan-service'

let dir = ''
let store: SqliteStore
let emu: RunningEmulator
let services: ScanService[] = []

// Asked about soon and often, so a test waits tens of milliseconds, not seconds.
const FAST: PollSchedule = {
  firstMs: 50,
  factor: 2,
  maxMs: 200,
  retentionMs: 60 * 60 * 1000,
  requestsPerSecond: 1000,
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-async-'))
  store = await openStore(join(dir, 'data'))
  emu = await startEmulator({ port: 0, qps: 0, asyncDelayMs: 150 })
})
afterEach(async () => {
  for (const s of services) await s.close()
  services = []
  await emu.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

function asyncService(schedule: PollSchedule = FAST, onStatus?: (s: string) => void): ScanService {
  const service = new ScanService({
    items: store.items,
    verdicts: new VerdictCacheRepo(store.db),
    createEngine: (): Promise<Result<ScanEngine>> => {
      const engine = emulatorEngine(emu)
      return Promise.resolve(engine.ok ? ok(engine.value) : engine)
    },
    limits: () => Promise.resolve({ batchSize: 5, concurrency: 2, scanQps: 500 }),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    pollSchedule: schedule,
  })
  service.on((event) => {
    if (event.type === 'status') onStatus?.(event.status.state)
  })
  services.push(service)
  return service
}

async function files(n: number, mode: 'sync' | 'async' = 'async', seed = 0): Promise<Item[]> {
  const paths: string[] = []
  for (let i = 0; i < n; i++) {
    const path = join(dir, `photo-${String(seed + i)}.jpg`)
    await writeFile(path, await photoLikeJpeg(64, 48, seed + i))
    paths.push(path)
  }
  return store.items.insertMany(
    paths.map((source) => ({
      sourceKind: 'file' as const,
      source,
      engine: 'green' as const,
      scenes: ['porn' as const, 'ad' as const],
      mode,
    })),
  )
}

async function all(): Promise<Item[]> {
  return (await store.items.list(0, 1000, {})).items.sort((a, b) => a.id - b.id)
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('condition never met')
}

describe('ScanService in async mode (emulator)', () => {
  it('submits, persists taskIds, polls through 280s, and ends with the same verdicts as sync', async () => {
    await files(7, 'async')
    await files(7, 'sync')
    const service = asyncService()
    service.start()
    await service.whenSettled()
    const items = await all()
    expect(items.map((i) => i.state)).toEqual(Array(14).fill('done'))
    const [asyncItems, syncItems] = [items.slice(0, 7), items.slice(7)]
    // Same bytes, same deterministic verdicts: the two paths agree.
    expect(asyncItems.map((i) => i.results)).toEqual(syncItems.map((i) => i.results))
    for (const item of asyncItems) {
      expect(item.taskId).toMatch(/\S/)
      expect(item.submittedAt).toBeGreaterThan(0)
      // The uploaded copy Green judged, kept for feedback later.
      expect(item.sentUrl).toMatch(/^oss:\/\//)
      expect(item.suggestion).not.toBeNull()
    }
    expect(emu.stats.requests['/green/image/asyncscan']).toBe(2) // 7 items in batches of 5
    expect(emu.stats.requests['/green/image/results']).toBeGreaterThan(0)
    expect(service.stats.submitted).toBe(7)
    // The emulator answers 280 for 150 ms and the first ask comes after 50: some asks were early.
    expect(service.pollStats.pending).toBeGreaterThan(0)
  })

  it('resumes polling after a restart without submitting again', async () => {
    await files(6)
    const first = asyncService({ ...FAST, firstMs: 60_000 })
    first.start()
    await until(async () => (await all()).every((i) => i.state === 'submitted'))
    await first.close()
    const submits = emu.stats.requests['/green/image/asyncscan']
    expect((await all()).every((i) => i.taskId !== null)).toBe(true)

    // A new process: the poller finds the tasks in the store and asks about them at once.
    const second = asyncService()
    second.start()
    await second.whenSettled()
    expect((await all()).map((i) => i.state)).toEqual(Array(6).fill('done'))
    expect(emu.stats.requests['/green/image/asyncscan']).toBe(submits)
    expect(second.stats.submitted).toBe(0)
  })

  it('submits an expired task (594) again and still finishes it', async () => {
    // Results kept 1 s after completion; the first ask comes 10 minutes (emulator time) later.
    await emu.close()
    let now = Date.now()
    emu = await startEmulator({
      port: 0,
      qps: 0,
      asyncDelayMs: 0,
      asyncTtlMs: 1000,
      clock: () => now,
    })
    await files(3)
    const first = asyncService({ ...FAST, firstMs: 60_000 })
    first.start()
    await until(async () => (await all()).every((i) => i.state === 'submitted'))
    await first.close()
    now += 10 * 60 * 1000
    const second = asyncService()
    // The emulator's clock stands still from here: resubmitted tasks are ready and never expire.
    second.start()
    await second.whenSettled()
    const items = await all()
    expect(items.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    expect(second.stats.submitted).toBe(3)
  })

  it('waits on a twin already submitted instead of paying twice', async () => {
    const [a] = await files(1)
    const copy = join(dir, 'copy-of-photo.jpg')
    await writeFile(copy, await photoLikeJpeg(64, 48, 0))
    const first = asyncService({ ...FAST, firstMs: 60_000 })
    first.start()
    await until(async () => (await store.items.get(a!.id))?.state === 'submitted')
    await store.items.insertMany([
      { sourceKind: 'file', source: copy, engine: 'green', scenes: ['porn', 'ad'], mode: 'async' },
    ])
    await first.close()
    const second = asyncService()
    second.start()
    await second.whenSettled()
    const items = await all()
    expect(items.map((i) => i.state)).toEqual(['done', 'done'])
    expect(items[1]!.taskId).toBe(items[0]!.taskId)
    expect(items[1]!.results).toEqual(items[0]!.results)
    expect(emu.stats.requests['/green/image/asyncscan']).toBe(1)
  })

  it('an abort leaves submitted tasks submitted; the next start collects them', async () => {
    await files(4)
    const service = asyncService({ ...FAST, firstMs: 60_000 })
    service.start()
    await until(async () => (await all()).every((i) => i.state === 'submitted'))
    service.abortInFlight()
    await service.whenSettled()
    expect((await all()).map((i) => i.state)).toEqual(Array(4).fill('submitted'))
    // Time has passed since the abort: the next start asks about every task at once.
    service.start()
    await service.whenSettled()
    expect((await all()).map((i) => i.state)).toEqual(Array(4).fill('done'))
    expect(emu.stats.requests['/green/image/asyncscan']).toBe(1)
  })

  it('stops the queue on an auth error while polling and keeps the tasks', async () => {
    await files(2)
    const states: string[] = []
    // The first ask comes 300 ms after submission: the fault is in place well before it.
    const service = asyncService({ ...FAST, firstMs: 300 }, (s) => states.push(s))
    service.start()
    await until(async () => (await all()).every((i) => i.state === 'submitted'))
    emu.injectFaults({
      kind: 'pop',
      status: 400,
      code: 'InvalidAccessKeyId.NotFound',
      path: '/green/image/results',
    })
    await service.whenSettled()
    const status = service.status()
    expect(status.state).toBe('paused')
    expect(status.error?.code).toBe('AUTH_INVALID_KEY')
    // Paid for and still owed: kept for the next start, never failed or resubmitted.
    expect((await all()).map((i) => i.state)).toEqual(['submitted', 'submitted'])
    service.resume()
    await service.whenSettled()
    expect((await all()).map((i) => i.state)).toEqual(['done', 'done'])
    expect(emu.stats.requests['/green/image/asyncscan']).toBe(1)
  })
})
