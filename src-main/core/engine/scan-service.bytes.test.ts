import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { ok, type Result } from '../../../src-shared/result'
import { emulatorEngine } from '../../../tests/fixtures/emulator-engine'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { useEmulatorStore } from '../../../tests/fixtures/emulator-store'
import { VerdictCacheRepo } from '../store/verdict-cache-repo'
import type { ScanEngine } from './scan-engine'
import { ScanService } from './scan-service'

const t = useEmulatorStore('gl-service-bytes-')

function greenService(
  itemsChanged: (items: readonly Item[]) => void = () => undefined,
): ScanService {
  const service = new ScanService({
    items: t.store.items,
    verdicts: new VerdictCacheRepo(t.store.db),
    events: { itemsChanged, progressChanged: () => undefined },
    createEngine: (): Promise<Result<ScanEngine>> => {
      const engine = emulatorEngine(t.emu, { preflight: { tempDir: join(t.dir, 'data', 'tmp') } })
      return Promise.resolve(engine.ok ? ok(engine.value) : engine)
    },
    limits: () => Promise.resolve({ batchSize: 10, concurrency: 2, scanQps: 500 }),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  })
  t.service = service
  return service
}

function addFiles(paths: readonly string[]): Promise<Item[]> {
  return t.store.items.insertMany(
    paths.map((source) => ({
      sourceKind: 'file' as const,
      source,
      engine: 'green' as const,
      scenes: ['porn' as const],
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
