import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Scene } from '../../../src-shared/domain'
import type { QueueStatus } from '../../../src-shared/ipc'
import { ok } from '../../../src-shared/result'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { VerdictCacheRepo } from '../store/sqlite/verdict-cache-repo'
import { ScanService } from './scan-service'
import type { ScanEngine, ScanTask } from '../engines/scan-engine'

let dir = ''
let store: SqliteStore
let service: ScanService | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-storage-'))
  store = await openStore(join(dir, 'data'))
})
afterEach(async () => {
  await service?.close()
  service = null
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** Verdicts big enough (a long QR payload) that storing each one needs new database pages. */
class BulkyEngine implements ScanEngine {
  readonly id = 'local' as const
  readonly supportedScenes: readonly Scene[] = ['qrcode']
  calls = 0
  constructor(private readonly beforeAnswer: (call: number) => Promise<void>) {}
  async scan(tasks: readonly ScanTask[]) {
    this.calls++
    await this.beforeAnswer(this.calls)
    return ok(
      tasks.map((t) => ({
        ok: true as const,
        dataId: t.dataId,
        unsupported: [],
        results: [
          {
            scene: 'qrcode' as const,
            label: 'qrcode',
            suggestion: 'review' as const,
            rate: 99,
            extras: { qrcodeData: [`${t.dataId}:${'x'.repeat(6000)}`] },
          },
        ],
      })),
    )
  }
  close() {
    return Promise.resolve()
  }
}

async function pageCount(): Promise<number> {
  return (await store.db.get<{ page_count: number }>('PRAGMA page_count'))?.page_count ?? 0
}

it('a full disk mid-scan pauses the queue with STORAGE_FULL, fails no image, and a resume after freeing space finishes all', async () => {
  const items = await store.items.insertMany(
    Array.from({ length: 30 }, (_, i) => ({
      sourceKind: 'url' as const,
      source: `https://example.com/${String(i)}.png`,
      engine: 'local' as const,
      scenes: ['qrcode' as const],
    })),
  )
  // The second engine call answers once the disk has filled up: SQLite refuses to grow the file
  // past max_page_count with SQLITE_FULL, as it does on a full disk.
  const engine = new BulkyEngine(async (call) => {
    if (call === 2) await store.db.exec(`PRAGMA max_page_count = ${String(await pageCount())}`)
  })
  const statuses: QueueStatus[] = []
  service = new ScanService({
    items: store.items,
    verdicts: new VerdictCacheRepo(store.db),
    createEngine: () => Promise.resolve(ok(engine)),
    limits: () => Promise.resolve({ batchSize: 10, concurrency: 1, scanQps: 1000 }),
    hashFile: () => Promise.resolve('0'.repeat(64)),
  })
  service.on((event) => {
    if (event.type === 'status') statuses.push(event.status)
  })
  service.start()
  await service.whenSettled()

  const stopped = service.status()
  expect(stopped.state).toBe('paused')
  expect(stopped.error).toMatchObject({
    code: 'STORAGE_FULL',
    params: { folder: join(dir, 'data') },
  })
  const progress = await store.items.progress()
  expect(progress.failed).toBe(0)
  expect(progress.done).toBe(10)
  // Nothing is left half-way: the images the full disk interrupted are back in the queue.
  expect(progress.queued).toBe(20)
  expect(engine.calls).toBe(2)

  await store.db.exec('PRAGMA max_page_count = 1073741823')
  service.resume()
  await service.whenSettled()
  expect(service.status()).toMatchObject({ state: 'idle', error: null })
  const after = await store.items.getMany(items.map((i) => i.id))
  expect(after.filter((i) => i.state === 'done')).toHaveLength(30)
})
