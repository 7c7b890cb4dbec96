import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../../tests/fixtures/images'
import { defaultWorkerUrl, WorkerPool } from './worker-pool'
import type { JobSpec } from './worker-protocol'

// A single worker makes the crash and cancellation cases deterministic.
const pool = new WorkerPool({ size: 1 })
let dir = ''
let job: JobSpec

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-pool-'))
  const path = join(dir, 'photo.jpg')
  await writeFile(path, await photoLikeJpeg(640, 480, 9))
  job = { source: { kind: 'file', path }, porn: true, qrcode: true }
  const started = await pool.start()
  if (!started.ok) throw new Error(started.error.message)
}, 120_000)

afterAll(async () => {
  await pool.close()
  await rm(dir, { recursive: true, force: true })
})

describe('WorkerPool', () => {
  it('finds its worker entry next to the module', () => {
    expect(defaultWorkerUrl().pathname).toMatch(/local-worker\.ts$/)
    expect(() => defaultWorkerUrl(pathToFileURL(join(tmpdir(), 'nowhere', 'x.js')).href)).toThrow(
      /missing/,
    )
  })

  it('disposes its tensors: the live count is the same after every image', async () => {
    expect((await pool.run(job)).ok).toBe(true)
    const after1 = pool.liveTensors
    for (let i = 0; i < 3; i++) expect((await pool.run(job)).ok).toBe(true)
    expect(after1).toBeGreaterThan(0)
    expect(pool.liveTensors).toBe(after1)
  }, 60_000)

  it('a worker that exits mid-job fails that job only, and is replaced', async () => {
    const before = pool.restarts
    const crashed = await pool.run({ ...job, crash: 'exit' })
    expect(crashed).toMatchObject({ ok: false, error: { code: 'ENGINE_FAILED', retryable: true } })
    const after = await pool.run(job)
    expect(after.ok).toBe(true)
    expect(pool.restarts).toBe(before + 1)
  }, 60_000)

  it('a worker that throws an uncaught error is replaced too', async () => {
    const before = pool.restarts
    const [crashed, queued] = await Promise.all([
      pool.run({ ...job, crash: 'throw' }),
      pool.run(job),
    ])
    expect(crashed).toMatchObject({ ok: false, error: { code: 'ENGINE_FAILED' } })
    // The job queued behind the crash runs on the replacement.
    expect(queued.ok).toBe(true)
    expect(pool.restarts).toBe(before + 1)
  }, 60_000)

  it('cancels queued and running jobs, then keeps working', async () => {
    const controller = new AbortController()
    const runs = Array.from({ length: 4 }, () => pool.run(job, controller.signal))
    controller.abort()
    const outcomes = await Promise.all(runs)
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ])
    expect((await pool.run(job)).ok).toBe(true)
  }, 60_000)

  it('serves from its first worker before starting the others, and only when work waits', async () => {
    const cacheDir = join(dir, 'cache')
    const staggered = new WorkerPool({ size: 2, init: { cacheDir } })
    try {
      expect((await staggered.start()).ok).toBe(true)
      expect(staggered.spawned).toBe(1)
      // One image at a time never needs a second model in memory.
      expect((await staggered.run(job)).ok).toBe(true)
      expect(staggered.spawned).toBe(1)
      const burst = await Promise.all([staggered.run(job), staggered.run(job), staggered.run(job)])
      expect(burst.every((o) => o.ok)).toBe(true)
      expect(staggered.spawned).toBe(2)
    } finally {
      await staggered.close()
    }
    // The first load left the model in binary form; a pool reading it judges the same.
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.glm'))).toHaveLength(1)
    const cached = new WorkerPool({ size: 1, init: { cacheDir } })
    try {
      const [fromCache, fromPackage] = await Promise.all([cached.run(job), pool.run(job)])
      expect(fromCache.ok && fromCache.value.frames).toEqual(
        fromPackage.ok && fromPackage.value.frames,
      )
    } finally {
      await cached.close()
    }
  }, 120_000)

  it('gives up with a clear error when workers cannot start', async () => {
    const bad = join(dir, 'broken-worker.mjs')
    await writeFile(bad, "throw new Error('model files missing')\n")
    const broken = new WorkerPool({ size: 1, workerUrl: pathToFileURL(bad), maxStartFailures: 2 })
    const started = await broken.start()
    expect(started).toMatchObject({ ok: false, error: { code: 'ENGINE_FAILED' } })
    expect(!started.ok && started.error.message).toMatch(/model files missing/)
    expect(await broken.run(job)).toMatchObject({ ok: false, error: { code: 'ENGINE_FAILED' } })
    await broken.close()
  })
})
