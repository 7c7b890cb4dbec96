import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { ok, type Result } from '../../../src-shared/result'
import { emulatorEngine } from '../../../tests/fixtures/emulator-engine'
import { startEmulator, type RunningEmulator } from '../engines/green/emulator/emulator'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { VerdictCacheRepo } from '../store/sqlite/verdict-cache-repo'
import type { ScanEngine } from '../engines/scan-engine'
import { ScanService, type ScanLimits } from './scan-service'

let dir = ''
let store: SqliteStore
let emu: RunningEmulator
let service: ScanService | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-service-emu-'))
  store = await openStore(join(dir, 'data'))
  // No quota by default, so each test's faults are the only ones; the quota test sets one.
  emu = await startEmulator({ port: 0, qps: 0 })
})
afterEach(async () => {
  await service?.close()
  service = null
  await emu.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** Green engines on the emulator, built when the service asks (as AppCore does), with `secret`. */
function greenService(
  limits: Partial<ScanLimits>,
  secret: () => string = () => emu.accessKeySecret,
  retry: { baseDelayMs?: number; maxDelayMs?: number } = { baseDelayMs: 5, maxDelayMs: 20 },
) {
  const built: ScanEngine[] = []
  service = new ScanService({
    items: store.items,
    verdicts: new VerdictCacheRepo(store.db),
    createEngine: (): Promise<Result<ScanEngine>> => {
      const engine = emulatorEngine(emu, { secret: secret() })
      if (engine.ok) built.push(engine.value)
      return Promise.resolve(engine.ok ? ok(engine.value) : engine)
    },
    limits: () => Promise.resolve({ batchSize: 10, concurrency: 2, scanQps: 500, ...limits }),
    retry,
  })
  return { service, built }
}

async function urls(n: number): Promise<Item[]> {
  return store.items.insertMany(
    Array.from({ length: n }, (_, i) => ({
      sourceKind: 'url' as const,
      source: `https://example.com/photo-${String(i)}.jpg`,
      engine: 'green' as const,
      scenes: ['porn' as const, 'ad' as const],
    })),
  )
}

async function runAll(s: ScanService): Promise<Item[]> {
  s.start()
  await s.whenSettled()
  return (await store.items.list(0, 1000, {})).items.sort((a, b) => a.id - b.id)
}

describe('ScanService with the Green engine (emulator)', () => {
  it('rides out bursts of 588 with the adaptive limiter: all done, one extra call per 588', async () => {
    await urls(30)
    emu.injectFaults(
      ...Array.from({ length: 5 }, () => ({
        kind: 'request-code' as const,
        code: 588,
        msg: 'EXCEED_QUOTA',
      })),
    )
    const { service: s } = greenService({ batchSize: 10, concurrency: 3 })
    const items = await runAll(s)
    expect(items.every((i) => i.state === 'done')).toBe(true)
    expect(s.stats.throttled).toBe(5)
    expect(s.stats.engineCalls).toBe(3 + 5)
    expect(emu.stats.imagesScanned).toBe(30)
  })

  it('set above the account quota, adapts to the 588s and finishes every image', async () => {
    await emu.close()
    emu = await startEmulator({ port: 0, qps: 50 })
    await urls(150)
    // Four times the quota, with the production backoff (500 ms base, full jitter).
    const { service: s } = greenService(
      { batchSize: 10, concurrency: 4, scanQps: 200 },
      undefined,
      {},
    )
    const items = await runAll(s)
    expect(items.filter((i) => i.state !== 'done')).toEqual([])
    expect(emu.stats.throttled).toBe(s.stats.throttled)
    // Bounded: each of the 15 batches gets at most 4 tries a call and 3 calls an item.
    expect(s.stats.engineCalls).toBeLessThanOrEqual(15 * 4 * 3)
    // Each image judged (and billed) exactly once: the 588s were refused before any judging.
    expect(emu.stats.imagesScanned).toBe(150)
    console.log(
      `quota test: ${String(s.stats.engineCalls)} calls for 15 batches, ${String(s.stats.throttled)} answered 588`,
    )
  }, 60_000)

  it('waits out a 500 and a dropped connection', async () => {
    await urls(20)
    emu.injectFaults({ kind: 'http500' }, { kind: 'drop' })
    const { service: s } = greenService({ batchSize: 10, concurrency: 1 })
    const items = await runAll(s)
    expect(items.every((i) => i.state === 'done')).toBe(true)
    expect(s.stats.retries).toBe(2)
    expect(s.stats.engineCalls).toBe(4)
  })

  it('fails only the image Green cannot download (592 on every try), with a message; others done', async () => {
    await urls(3)
    emu.injectFaults(
      ...Array.from({ length: 3 }, () => ({
        kind: 'task-code' as const,
        code: 592,
        msg: 'DOWNLOAD_TIMEOUT',
      })),
    )
    const { service: s } = greenService({ batchSize: 1, concurrency: 1 })
    const items = await runAll(s)
    expect(items.map((i) => i.state)).toEqual(['failed', 'done', 'done'])
    expect(items[0]?.error).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    expect(items[0]?.error?.message).toMatch(/download/)
    // Three tries for the one image (bounded), one each for the others.
    expect(s.stats.engineCalls).toBe(5)
  })

  it('a single 592 is retried through the queue and ends done', async () => {
    await urls(2)
    emu.injectFaults({ kind: 'task-code', code: 592, msg: 'DOWNLOAD_TIMEOUT' })
    const { service: s } = greenService({ batchSize: 2, concurrency: 1 })
    const items = await runAll(s)
    expect(items.map((i) => i.state)).toEqual(['done', 'done'])
    expect(s.stats.engineCalls).toBe(2)
  })

  it('a wrong secret pauses the queue once (one call, nothing failed); fixing it and resuming finishes', async () => {
    await urls(25)
    let secret = 'not-the-secret'
    const { service: s, built } = greenService({ batchSize: 10, concurrency: 1 }, () => secret)
    const paused = await runAll(s)
    expect(paused.every((i) => i.state === 'queued' && i.error === null)).toBe(true)
    expect(s.status()).toMatchObject({ state: 'paused', error: { code: 'AUTH_SIGNATURE' } })
    expect(s.stats.engineCalls).toBe(1)
    expect(emu.stats.imagesScanned).toBe(0)

    secret = emu.accessKeySecret
    s.resume()
    await s.whenSettled()
    const after = (await store.items.list(0, 100, {})).items
    expect(after.every((i) => i.state === 'done')).toBe(true)
    // The engine with the wrong key was dropped and a new one read the fixed key.
    expect(built).toHaveLength(2)
  })

  it('uploads and scans the same file content once, and a second run costs nothing', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a53' } })
      .jpeg()
      .toBuffer()
    const paths = ['one.jpg', 'same-as-one.jpg'].map((n) => join(dir, n))
    for (const p of paths) await writeFile(p, jpeg)
    const add = () =>
      store.items.insertMany(
        paths.map((source) => ({
          sourceKind: 'file' as const,
          source,
          engine: 'green' as const,
          scenes: ['porn' as const],
        })),
      )
    await add()
    const { service: s } = greenService({})
    const first = await runAll(s)
    expect(first.map((i) => i.state)).toEqual(['done', 'done'])
    expect(emu.stats.imagesScanned).toBe(1)
    expect(emu.ossPuts).toHaveLength(1)
    await add()
    const second = await runAll(s)
    expect(second.slice(2).map((i) => i.state)).toEqual(['done', 'done'])
    expect(emu.stats.imagesScanned).toBe(1)
    expect(emu.ossPuts).toHaveLength(1)
    expect(second[2]?.results).toEqual(first[0]?.results)
  })
})
