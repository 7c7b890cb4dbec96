import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item, ScanMode } from '../../../src-shared/domain'
import { ok, type Result } from '../../../src-shared/result'
import { photoLikeJpeg, rng } from '../../../tests/fixtures/images'
import { emulatorEngine } from '../../../tests/fixtures/emulator-engine'
import {
  startEmulator,
  type EmulatorFault,
  type RunningEmulator,
} from '../engines/green/emulator/emulator'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { VerdictCacheRepo } from '../store/sqlite/verdict-cache-repo'
import type { ScanEngine } from '../engines/scan-engine'
import { ScanService } from './scan-service'

/**
 * Issue 5's fault matrix, all at once, on local files (so every image goes through upload
 * credentials, an OSS PUT and a scan): bursts of 588, 500s, dropped sockets, per-task 592,
 * upload credentials expiring mid-batch and OSS answering 403. Whatever happens, every item ends
 * done or failed with a reason, none is lost, and the retries stay within their bounds.
 */

const IMAGES = 40
const BATCH = 5
const CONCURRENCY = 3
const ATTEMPTS_PER_CALL = 4 // RetryPolicy's default
const TRIES_PER_ITEM = 3 // ScanService's default itemAttempts

let dir = ''
let store: SqliteStore
let emu: RunningEmulator
let service: ScanService | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-faults-'))
  store = await openStore(join(dir, 'data'))
})
afterEach(async () => {
  await service?.close()
  service = null
  await emu.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

async function photos(mode: ScanMode): Promise<Item[]> {
  const sources: string[] = []
  for (let i = 0; i < IMAGES; i++) {
    const path = join(dir, `p-${String(i)}.jpg`)
    await writeFile(path, await photoLikeJpeg(64, 48, 9000 + i))
    sources.push(path)
  }
  return store.items.insertMany(
    sources.map((source) => ({
      sourceKind: 'file' as const,
      source,
      engine: 'green' as const,
      scenes: ['porn' as const],
      mode,
    })),
  )
}

/** The scripted faults, the 588s and the 592 aimed at the mode's own scan path. */
function scripted(mode: ScanMode): EmulatorFault[] {
  const scan = mode === 'sync' ? '/green/image/scan' : '/green/image/asyncscan'
  return [
    ...Array.from({ length: 4 }, (): EmulatorFault => ({
      kind: 'request-code',
      code: 588,
      path: scan,
    })),
    { kind: 'http500', path: scan },
    { kind: 'http500', path: '/green/credentials/uploadcredentials' },
    { kind: 'drop', path: scan },
    { kind: 'drop', path: '/green/image/results' },
    { kind: 'task-code', code: 592, msg: 'DOWNLOAD_TIMEOUT', path: scan },
  ]
}

describe.each(['sync', 'async'] as const)('fault matrix, %s mode (emulator)', (mode) => {
  it('ends every item done or failed with a reason, loses none, and keeps retries bounded', async () => {
    // Random faults on 15% of requests on top of the scripted ones, and a quota half the pace
    // asked for, so 588s come from the window too.
    emu = await startEmulator({
      port: 0,
      qps: 40,
      faultRate: 0.15,
      random: rng(mode === 'sync' ? 7 : 11),
      asyncDelayMs: 100,
    })
    emu.injectFaults(...scripted(mode))
    const created = await photos(mode)
    service = new ScanService({
      items: store.items,
      verdicts: new VerdictCacheRepo(store.db),
      createEngine: (): Promise<Result<ScanEngine>> => {
        const engine = emulatorEngine(emu)
        return Promise.resolve(engine.ok ? ok(engine.value) : engine)
      },
      limits: () => Promise.resolve({ batchSize: BATCH, concurrency: CONCURRENCY, scanQps: 80 }),
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      pollSchedule: {
        firstMs: 50,
        factor: 2,
        maxMs: 200,
        retentionMs: 3_600_000,
        requestsPerSecond: 100,
      },
    })
    // Mid-batch: the upload credentials expire server-side, later OSS forgets them (403).
    let finished = 0
    service.on((event) => {
      if (event.type !== 'finished') return
      finished++
      if (finished === 8) emu.expireUploadCredentials()
      if (finished === 20) emu.revokeUploadCredentials()
    })
    service.start()
    await service.whenSettled()

    const items = (await store.items.getMany(created.map((i) => i.id))).sort((a, b) => a.id - b.id)
    // None lost: every item is still there, and final.
    expect(items).toHaveLength(IMAGES)
    for (const item of items) {
      expect(['done', 'failed'], `${item.source}: ${item.state}`).toContain(item.state)
      // Only transient faults were injected: a failure is one that outlasted its tries, and says so.
      if (item.state === 'failed') expect(item.error?.message).toMatch(/Gave up after 3 tries/)
      else expect(item.results.map((r) => r.scene)).toEqual(['porn'])
    }
    // The faults are transient: with the retries they allow, most end done. (Items retried
    // together share their next request, so one unlucky 592 can fail a batch's worth.)
    expect(items.filter((i) => i.state === 'done').length).toBeGreaterThanOrEqual(
      IMAGES - 2 * BATCH,
    )
    // Bounded: each item gets TRIES_PER_ITEM trips through the queue, each call ATTEMPTS_PER_CALL.
    const batchesAtMost = Math.ceil(IMAGES / BATCH) * TRIES_PER_ITEM + IMAGES
    expect(service.stats.engineCalls).toBeLessThanOrEqual(batchesAtMost * ATTEMPTS_PER_CALL)
    expect(service.stats.retries).toBeLessThan(service.stats.engineCalls)
    // The OSS side recovered by fetching new upload credentials, not by looping on them.
    const credentialCalls = emu.stats.requests['/green/credentials/uploadcredentials'] ?? 0
    expect(credentialCalls).toBeGreaterThanOrEqual(2)
    expect(credentialCalls).toBeLessThanOrEqual(service.stats.engineCalls * 2 + 4)
    // The scripted 588s reached the scan path and were each paid for with one retry at most.
    expect(service.stats.throttled).toBeGreaterThanOrEqual(4)
    if (mode === 'async') {
      expect(service.stats.submitted).toBeGreaterThanOrEqual(IMAGES - 4)
      expect(service.pollStats.polls).toBeGreaterThan(0)
    }
    console.log(
      `${mode} fault matrix: ${String(items.filter((i) => i.state === 'done').length)}/${String(IMAGES)} done, ` +
        `${String(service.stats.engineCalls)} engine calls, ${String(service.stats.retries)} retries, ` +
        `${String(emu.stats.throttled)} 588s, ${String(emu.stats.faultsInjected)} faults, ` +
        `${String(credentialCalls)} credential calls; failed: ` +
        (items
          .filter((i) => i.state === 'failed')
          .map((i) => i.error?.code)
          .join(', ') || 'none'),
    )
  }, 60_000)
})
