import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { ok, type Result } from '../../../src-shared/result'
import { emulatorEngine } from '../../../tests/fixtures/emulator-engine'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { useEmulatorStore } from '../../../tests/fixtures/emulator-store'
import { VerdictCacheRepo } from '../store/sqlite/verdict-cache-repo'
import type { PollSchedule } from './async-poller'
import type { ScanEngine } from '../engines/scan-engine'
import { ScanService } from './scan-service'

const t = useEmulatorStore('gl-service-bytes-')

function greenService(
  itemsChanged: (items: readonly Item[]) => void = () => undefined,
  pollSchedule?: PollSchedule,
): ScanService {
  const service = new ScanService({
    items: t.store.items,
    verdicts: new VerdictCacheRepo(t.store.db),
    createEngine: (): Promise<Result<ScanEngine>> => {
      const engine = emulatorEngine(t.emu, { preflight: { tempDir: join(t.dir, 'data', 'tmp') } })
      return Promise.resolve(engine.ok ? ok(engine.value) : engine)
    },
    limits: () => Promise.resolve({ batchSize: 10, concurrency: 2, scanQps: 500 }),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...(pollSchedule ? { pollSchedule } : {}),
  })
  service.on((event) => {
    if (event.type === 'items') itemsChanged(event.items)
  })
  t.service = service
  return service
}

function addFiles(paths: readonly string[], mode: 'sync' | 'async' = 'sync'): Promise<Item[]> {
  return t.store.items.insertMany(
    paths.map((source) => ({
      sourceKind: 'file' as const,
      source,
      engine: 'green' as const,
      scenes: ['porn' as const],
      mode,
    })),
  )
}

async function all(): Promise<Item[]> {
  return (await t.store.items.list(0, 1000, {})).items.sort((a, b) => a.id - b.id)
}

async function photos(n: number, seed: number): Promise<string[]> {
  await mkdir(join(t.dir, 'in'), { recursive: true })
  const paths: string[] = []
  for (let i = 0; i < n; i++) {
    const path = join(t.dir, 'in', `photo-${String(seed + i)}.jpg`)
    await writeFile(path, await photoLikeJpeg(64, 48, seed + i))
    paths.push(path)
  }
  return paths
}

function replaceWithFifo(path: string): void {
  execFileSync('rm', ['-f', path])
  execFileSync('mkfifo', [path])
}

describe('ScanService: only regular files are opened', () => {
  it('a queued file replaced by a FIFO after a crash fails at once with NOT_A_FILE; the others finish, and a later run is not stuck on it', async () => {
    await t.emulator()
    const paths = await photos(3, 10)
    const added = await addFiles(paths)
    // The crash: the middle item was being hashed when the process was killed.
    await t.store.items.transitionAll(['queued'], { state: 'hashing' }, [added[1]?.id ?? 0])
    replaceWithFifo(paths[1] ?? '')

    const s = greenService()
    s.start()
    await s.whenSettled()
    const items = await all()
    expect(items.map((i) => i.state)).toEqual(['done', 'failed', 'done'])
    expect(items[1]?.error).toMatchObject({ code: 'NOT_A_FILE', retryable: false })
    expect(items[1]?.error?.message).toMatch(/photo-11\.jpg is a named pipe \(FIFO\)/)
    // Green never heard of it.
    expect(t.emu.stats.imagesScanned).toBe(2)

    // A later scan in the same data folder, of another file, runs to the end.
    const [later] = await photos(1, 20)
    await addFiles([later ?? ''])
    s.start()
    await s.whenSettled()
    const after = await all()
    expect(after.map((i) => i.state)).toEqual(['done', 'failed', 'done', 'done'])
  })

  it('a batch of FIFOs and a folder settles, and cancelling it mid-run returns', async () => {
    await t.emulator({ latencyMs: 50 })
    const paths = await photos(4, 30)
    for (const path of paths.slice(0, 3)) replaceWithFifo(path)
    const folder = join(t.dir, 'in', 'folder.jpg')
    await mkdir(folder)
    await addFiles([...paths, folder, ...(await photos(2, 40))])
    let hashing: () => void = () => undefined
    const inFlight = new Promise<void>((resolve) => {
      hashing = resolve
    })
    const s = greenService((changed) => {
      if (changed.some((i) => i.state === 'hashing')) hashing()
    })
    s.start()
    // Cancelled while the batch is being read: before, this waited for open() on the FIFOs.
    await inFlight
    await s.cancel()
    await s.whenSettled()
    const items = await all()
    // Nothing is left hashing: every item ended, one way or the other.
    expect(items.filter((i) => !['done', 'failed', 'cancelled'].includes(i.state))).toEqual([])
    s.start()
    await s.whenSettled()
    // The five non-files never reached Green, whatever the cancel caught.
    for (const item of (await all()).filter((i) => i.state === 'failed')) {
      expect(item.error?.code).toBe('NOT_A_FILE')
    }
  })
})

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const BLOCK = { scenes: { porn: { label: 'porn', suggestion: 'block' as const, rate: 99.9 } } }
const PASS = { scenes: { porn: { label: 'normal', suggestion: 'pass' as const, rate: 99.9 } } }

describe('ScanService: the verdict belongs to the bytes judged', () => {
  it('a blocked image swapped for an innocent one while scanning: its hash never gets a pass, the item follows the new content, and a copy of the blocked image is still blocked', async () => {
    await t.emulator({ latencyMs: 20 })
    await mkdir(join(t.dir, 'in'), { recursive: true })
    const blocked = await photoLikeJpeg(64, 48, 1)
    const innocent = await photoLikeJpeg(64, 48, 2)
    t.emu.scriptVerdict({ bytes: blocked }, BLOCK)
    t.emu.scriptVerdict({ bytes: innocent }, PASS)
    const path = join(t.dir, 'in', 'upload.jpg')
    await writeFile(path, blocked)
    await addFiles([path])

    let swapped = false
    const s = greenService((changed) => {
      // Hashed as the blocked image; replaced before the engine reads it for the upload.
      if (!swapped && changed.some((i) => i.state === 'scanning')) {
        swapped = true
        writeFileSync(path, innocent)
      }
    })
    s.start()
    await s.whenSettled()
    expect(swapped).toBe(true)
    const [item] = await all()
    expect(item).toMatchObject({ state: 'done', suggestion: 'pass', sha256: sha(innocent) })
    const verdicts = new VerdictCacheRepo(t.store.db)
    const key = (sha256: string) => ({ sha256, engine: 'green', bizType: null })
    expect(await verdicts.lookup(key(sha(blocked)), ['porn'])).toEqual([])
    expect(await verdicts.lookup(key(sha(innocent)), ['porn'])).toMatchObject([
      { scene: 'porn', result: { suggestion: 'pass' } },
    ])

    // Any later copy of the blocked image is sent to Green and blocked, not passed from the cache.
    const copy = join(t.dir, 'in', 'copy.jpg')
    await writeFile(copy, blocked)
    const scanned = t.emu.stats.imagesScanned
    await addFiles([copy])
    s.start()
    await s.whenSettled()
    expect((await all())[1]).toMatchObject({ state: 'done', suggestion: 'block' })
    expect(t.emu.stats.imagesScanned).toBe(scanned + 1)
  })
})

describe('ScanService: a lost upload is uploaded again', () => {
  it('Green restarting mid-batch loses the uploaded objects: each is uploaded again once and judged, none fails', async () => {
    await t.emulator({ latencyMs: 5 })
    const paths = await photos(5, 50)
    await addFiles(paths)
    // The first scan request meets the restart: a 500, and every object uploaded so far gone.
    t.emu.injectFaults({ kind: 'restart', path: '/green/image/scan' })
    const s = greenService()
    s.start()
    await s.whenSettled()
    const items = await all()
    expect(items.map((i) => i.state)).toEqual(['done', 'done', 'done', 'done', 'done'])
    // Uploaded before the restart, then once more each after the 404 on the reused objects.
    expect(t.emu.ossPuts).toHaveLength(10)
    for (const item of items) expect(t.emu.objects.has(item.sentUrl?.slice(6) ?? '')).toBe(true)
  })

  it('in async mode, a lost upload answered 404 when polled is uploaded again and judged', async () => {
    await t.emulator({ latencyMs: 5, asyncDelayMs: 20 })
    await addFiles(await photos(3, 60), 'async')
    // The submit meets the restart; its retry reuses the uploads Green no longer has.
    t.emu.injectFaults({ kind: 'restart', path: '/green/image/asyncscan' })
    const s = greenService(undefined, {
      firstMs: 30,
      factor: 2,
      maxMs: 100,
      retentionMs: 3_600_000,
      requestsPerSecond: 1000,
    })
    s.start()
    await s.whenSettled()
    const items = await all()
    expect(items.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    expect(t.emu.ossPuts).toHaveLength(6)
  })

  it('a URL the user gave that Green cannot find still fails, telling the user to check the URL', async () => {
    await t.emulator()
    const url = 'https://example.com/gone.jpg'
    t.emu.scriptVerdict({ url }, { taskCode: 404, taskMsg: 'NOT_FOUND' })
    await t.store.items.insertMany([
      { sourceKind: 'url', source: url, engine: 'green', scenes: ['porn'] },
    ])
    const s = greenService()
    s.start()
    await s.whenSettled()
    const [item] = await all()
    expect(item).toMatchObject({ state: 'failed', error: { code: 'DOWNLOAD_FAILED' } })
    expect(item?.error?.message).toMatch(/Check that the URL still works/)
    expect(t.emu.ossPuts).toHaveLength(0)
  })
})
