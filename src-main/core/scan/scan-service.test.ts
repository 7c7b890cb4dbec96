import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineId, Item, Progress, Scene } from '../../../src-shared/domain'
import type { QueueStatus } from '../../../src-shared/ipc'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { VerdictCacheRepo } from '../store/sqlite/verdict-cache-repo'
import { ManualClock } from '../pacing/rate-limiter'
import { forwardTo } from './scan-listeners'
import { ScanService, type ScanLimits } from './scan-service'
import type { ScanEngine, ScanOptions, ScanTask, TaskOutcome } from '../engines/scan-engine'

type Answer = (tasks: readonly ScanTask[], call: number) => Result<readonly TaskOutcome[]>

const pass = (tasks: readonly ScanTask[]): Result<readonly TaskOutcome[]> =>
  ok(
    tasks.map((t) => ({
      ok: true as const,
      dataId: t.dataId,
      unsupported: [],
      results: [
        {
          scene: 'porn' as const,
          label: 'normal',
          suggestion: 'pass' as const,
          rate: 99,
        },
      ],
      taskId: `task-${t.dataId}`,
    })),
  )

/** A scripted engine that records every call; `hold` keeps calls open until released. */
class FakeEngine implements ScanEngine {
  readonly supportedScenes: readonly Scene[] = ['porn']
  calls: ScanTask[][] = []
  closed = 0
  hold: Promise<void> | null = null
  constructor(
    readonly id: EngineId = 'local',
    private readonly answer: Answer = pass,
  ) {}
  async scan(tasks: readonly ScanTask[], _scenes: readonly Scene[], options: ScanOptions = {}) {
    this.calls.push([...tasks])
    const call = this.calls.length
    if (this.hold) {
      const signal = options.signal
      await Promise.race([
        this.hold,
        new Promise<void>((resolve) => {
          signal?.addEventListener('abort', () => {
            resolve()
          })
        }),
      ])
      if (signal?.aborted) return err(appError('CANCELLED', 'aborted'))
    }
    return this.answer(tasks, call)
  }
  close() {
    this.closed++
    return Promise.resolve()
  }
  get tasks(): number {
    return this.calls.reduce((n, c) => n + c.length, 0)
  }
}

let dir = ''
let store: SqliteStore
let service: ScanService | null = null
/** Every announced item, checked against the store at the moment it was announced. */
let mismatches: string[] = []
let statuses: QueueStatus[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-service-'))
  store = await openStore(join(dir, 'data'))
  mismatches = []
  statuses = []
  progressSeen = []
})
afterEach(async () => {
  await service?.close()
  service = null
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

function makeService(
  engine: FakeEngine,
  limits: Partial<ScanLimits> = {},
  extra: { engineFails?: () => Result<ScanEngine> | null; clock?: ManualClock } = {},
): ScanService {
  service = new ScanService({
    ...(extra.clock ? { clock: extra.clock } : {}),
    items: store.items,
    verdicts: new VerdictCacheRepo(store.db),
    createEngine: () => Promise.resolve(extra.engineFails?.() ?? ok(engine)),
    limits: () => Promise.resolve({ batchSize: 10, concurrency: 2, scanQps: 1000, ...limits }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  })
  service.on(
    forwardTo({
      itemsChanged: (items) => {
        // A listener must never see a state the store does not already hold.
        for (const item of items) {
          void store.items.get(item.id).then((stored) => {
            if (stored && stored.updatedAt < item.updatedAt) mismatches.push(`${item.id}`)
          })
        }
        checks.push(
          ...items.map(async (item) => {
            const stored = await store.items.get(item.id)
            return { announced: item.state, storedAtLeast: stored?.state, id: item.id }
          }),
        )
      },
      progressChanged: (p) => progressSeen.push(p),
      queueChanged: (status) => statuses.push(status),
    }),
  )
  return service
}
let checks: Promise<unknown>[] = []
let progressSeen: Progress[] = []

async function files(names: string[], content?: (name: string) => string) {
  for (const name of names) await writeFile(join(dir, name), content ? content(name) : name)
  return names.map((n) => join(dir, n))
}

async function enqueue(paths: string[], engine: EngineId = 'local', scenes: Scene[] = ['porn']) {
  return store.items.insertMany(
    paths.map((source) => ({ sourceKind: 'file' as const, source, engine, scenes })),
  )
}

async function run(s: ScanService): Promise<Item[]> {
  s.start()
  await s.whenSettled()
  return (await store.items.list(0, 1000, {})).items.sort((a, b) => a.id - b.id)
}

const names = (n: number, prefix = 'img') =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i)}.jpg`)

describe('ScanService', () => {
  it('batches queued items: 25 items with batch size 10 are 3 calls of 10, 10 and 5 tasks', async () => {
    const engine = new FakeEngine()
    await enqueue(await files(names(25)))
    const items = await run(makeService(engine, { batchSize: 10, concurrency: 1 }))
    expect(engine.calls.map((c) => c.length)).toEqual([10, 10, 5])
    expect(items.every((i) => i.state === 'done' && i.taskId === `task-${String(i.id)}`)).toBe(true)
    expect(items[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(service?.status().state).toBe('idle')
  })

  it('dedupes by content: twins in one run are sent once, and a second run makes no call at all', async () => {
    const engine = new FakeEngine()
    const paths = await files(['a.jpg', 'copy-of-a.jpg', 'b.jpg'], (n) =>
      n.includes('a.jpg') ? 'same bytes' : 'other bytes',
    )
    await enqueue(paths)
    const first = await run(makeService(engine))
    expect(engine.tasks).toBe(2)
    expect(first.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    expect(first[1]?.note).toEqual({ code: 'same-as-item', params: { item: String(first[0]?.id) } })

    await service?.close()
    const second = new FakeEngine()
    await enqueue(paths)
    const items = await run(makeService(second))
    expect(second.calls).toHaveLength(0)
    const rerun = items.slice(3)
    expect(rerun.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    expect(rerun.every((i) => i.note?.code === 'cache-reused')).toBe(true)
    expect(rerun[0]?.results).toEqual(first[0]?.results)
    expect(rerun[0]?.taskId).toBe(first[0]?.taskId)
  })

  it('dedupes across batches in flight: a twin in another batch waits for the first answer', async () => {
    const engine = new FakeEngine()
    let release: () => void = () => undefined
    engine.hold = new Promise<void>((resolve) => {
      release = resolve
    })
    await enqueue(await files(['first.jpg', 'second.jpg'], () => 'identical bytes'))
    const s = makeService(engine, { batchSize: 1, concurrency: 2 })
    s.start()
    while (engine.calls.length === 0) await new Promise((r) => setTimeout(r, 5))
    // The second batch is claimed and hashed while the first call is held open.
    while ((await store.items.countIn(['queued'])) > 0) await new Promise((r) => setTimeout(r, 5))
    release()
    await s.whenSettled()
    const items = (await store.items.list(0, 10, {})).items
    expect(items.map((i) => i.state)).toEqual(['done', 'done'])
    expect(engine.tasks).toBe(1)
    expect(s.stats.reused).toBe(1)
  })

  it('closes engines after a while idle (the local model is kept loaded only while there is work)', async () => {
    const clock = new ManualClock()
    const engine = new FakeEngine()
    await enqueue(await files(names(3)))
    const s = makeService(engine, {}, { clock })
    await run(s)
    expect(engine.closed).toBe(0)
    expect(s.status().engines).toEqual(['local'])
    await clock.advance(59_000)
    expect(engine.closed).toBe(0)
    await clock.advance(2_000)
    expect(engine.closed).toBe(1)
    expect(s.status().engines).toEqual([])
  })

  it('does not cache failures: a failed image is sent again next time', async () => {
    const failing = new FakeEngine('local', (tasks) =>
      ok(
        tasks.map((t) => ({ ok: false, dataId: t.dataId, error: appError('IMAGE_CORRUPT', 'x') })),
      ),
    )
    const paths = await files(['bad.jpg'])
    await enqueue(paths)
    const [item] = await run(makeService(failing))
    expect(item).toMatchObject({ state: 'failed', error: { code: 'IMAGE_CORRUPT', message: 'x' } })
    await service?.close()
    const engine = new FakeEngine()
    await enqueue(paths)
    await run(makeService(engine))
    expect(engine.tasks).toBe(1)
  })

  it('retries a request-level transient error with bounded attempts, then fails the items with it', async () => {
    const flaky = new FakeEngine('local', (tasks, call) =>
      call === 1 ? err(appError('SERVER_ERROR', 'blip', true)) : pass(tasks),
    )
    await enqueue(await files(['x.jpg']))
    const [done] = await run(makeService(flaky))
    expect(done?.state).toBe('done')
    expect(flaky.calls).toHaveLength(2)
    await service?.close()

    const down = new FakeEngine('local', () => err(appError('SERVER_ERROR', 'down', true)))
    await enqueue(await files(['y.jpg']))
    const items = await run(makeService(down))
    expect(items[1]).toMatchObject({ state: 'failed', error: { code: 'SERVER_ERROR' } })
    // 4 tries per call (the retry policy), 3 tries per item (the queue): bounded, never a loop.
    expect(down.calls.length).toBe(12)
  })

  it('fails only the image with a non-retryable per-task error; the rest are done', async () => {
    const engine = new FakeEngine('local', (tasks) =>
      ok(
        tasks.map((t, i): TaskOutcome =>
          i === 0
            ? { ok: false, dataId: t.dataId, error: appError('NOT_AN_IMAGE', 'Not an image.') }
            : (pass([t]) as { ok: true; value: TaskOutcome[] }).value[0]!,
        ),
      ),
    )
    await enqueue(await files(names(3)))
    const items = await run(makeService(engine, { concurrency: 1 }))
    expect(items.map((i) => i.state)).toEqual(['failed', 'done', 'done'])
    expect(items[0]?.error?.message).toBe('Not an image.')
  })

  it('pauses the whole queue once on an auth error, fails nothing, and resumes when fixed', async () => {
    let fixed = false
    const engine = new FakeEngine('green', (tasks) =>
      fixed ? pass(tasks) : err(appError('AUTH_SIGNATURE', 'Check the AccessKey secret.')),
    )
    await enqueue(await files(names(25)), 'green')
    const items = await run(makeService(engine, { concurrency: 1 }))
    expect(engine.calls).toHaveLength(1)
    expect(items.every((i) => i.state === 'queued' && i.error === null)).toBe(true)
    expect(service?.status()).toMatchObject({ state: 'paused', error: { code: 'AUTH_SIGNATURE' } })
    expect(statuses.filter((s) => s.error !== null)).toHaveLength(1)
    // The engine built with the bad key is dropped: the fixed key is read on resume.
    expect(engine.closed).toBe(1)

    fixed = true
    service?.resume()
    await service?.whenSettled()
    const after = (await store.items.list(0, 100, {})).items
    expect(after.every((i) => i.state === 'done')).toBe(true)
    expect(service?.status()).toMatchObject({ state: 'idle', error: null })
  })

  it('pauses with the credentials error when the engine cannot be built', async () => {
    const engine = new FakeEngine('green')
    let missing = true
    await enqueue(await files(names(3)), 'green')
    const s = makeService(
      engine,
      {},
      {
        engineFails: () =>
          missing ? err(appError('CREDENTIALS_MISSING', 'Add an AccessKey.')) : null,
      },
    )
    const items = await run(s)
    expect(items.every((i) => i.state === 'queued')).toBe(true)
    expect(s.status().error?.code).toBe('CREDENTIALS_MISSING')
    missing = false
    s.resume()
    await s.whenSettled()
    expect((await store.items.progress()).done).toBe(3)
  })

  it('pause stops new batches while the one in flight finishes; resume completes the rest', async () => {
    const engine = new FakeEngine()
    let release: () => void = () => undefined
    engine.hold = new Promise<void>((resolve) => {
      release = resolve
    })
    await enqueue(await files(names(20)))
    const s = makeService(engine, { batchSize: 5, concurrency: 1 })
    s.start()
    while (engine.calls.length === 0) await new Promise((r) => setTimeout(r, 5))
    s.pause()
    release()
    await s.whenSettled()
    expect(engine.calls).toHaveLength(1)
    const progress = await store.items.progress()
    expect(progress).toMatchObject({ done: 5, queued: 15, running: 0 })
    s.resume()
    await s.whenSettled()
    expect((await store.items.progress()).done).toBe(20)
  })

  it('cancel marks queued items cancelled and aborts the ones in flight; retryFailed requeues failures', async () => {
    const engine = new FakeEngine()
    engine.hold = new Promise<void>(() => undefined)
    await enqueue(await files(names(12)))
    const s = makeService(engine, { batchSize: 4, concurrency: 1 })
    s.start()
    while (engine.calls.length === 0) await new Promise((r) => setTimeout(r, 5))
    await s.cancel()
    await s.whenSettled()
    const items = (await store.items.list(0, 100, {})).items
    expect(items.every((i) => i.state === 'cancelled' && i.error?.code === 'CANCELLED')).toBe(true)
    expect(engine.calls).toHaveLength(1)

    // retryFailed: failed items go back to the queue with the error cleared, and run.
    await store.items.transitionAll(['cancelled'], { state: 'failed' }, [items[0]!.id])
    engine.hold = null
    await s.retryFailed([items[0]!.id])
    await s.whenSettled()
    const retried = await store.items.get(items[0]!.id)
    expect(retried).toMatchObject({ state: 'done', error: null })
    expect((await store.items.progress()).cancelled).toBe(11)
  })

  it('cancel with drain lets the batch in flight finish and cancels only what was queued', async () => {
    const engine = new FakeEngine()
    let release: () => void = () => undefined
    engine.hold = new Promise<void>((resolve) => {
      release = resolve
    })
    await enqueue(await files(names(8)))
    const s = makeService(engine, { batchSize: 4, concurrency: 1 })
    s.start()
    while (engine.calls.length === 0) await new Promise((r) => setTimeout(r, 5))
    await s.cancel({ drain: true })
    release()
    await s.whenSettled()
    expect(await store.items.progress()).toMatchObject({ done: 4, cancelled: 4 })
  })

  it('after a crash, items stuck mid-flight are re-queued and completed; done items are not rescanned', async () => {
    const paths = await files(names(6))
    const items = await enqueue(paths)
    // What a killed process leaves: two done, three caught mid-flight, one still queued.
    await store.items.transitionAll(['queued'], { state: 'done' }, [items[0]!.id, items[1]!.id])
    await store.items.transitionAll(['queued'], { state: 'scanning' }, [items[2]!.id, items[3]!.id])
    await store.items.transitionAll(['queued'], { state: 'hashing' }, [items[4]!.id])
    const engine = new FakeEngine()
    const after = await run(makeService(engine))
    expect(after.every((i) => i.state === 'done')).toBe(true)
    const sent = engine.calls.flat().map((t) => Number(t.dataId))
    expect(sent.sort()).toEqual(items.slice(2).map((i) => i.id))
  })

  it('announces only what the store already holds', async () => {
    const engine = new FakeEngine()
    await enqueue(await files(names(15)))
    checks = []
    await run(makeService(engine, { batchSize: 4 }))
    const seen = (await Promise.all(checks)) as { announced: string; storedAtLeast: string }[]
    expect(seen.length).toBeGreaterThan(15 * 2)
    // Each announced state was read back from the store right after: the write came first, so
    // the store holds that state or a later one, never an earlier one.
    const order = ['queued', 'hashing', 'cached', 'scanning', 'done']
    for (const s of seen) {
      expect(order.indexOf(s.storedAtLeast)).toBeGreaterThanOrEqual(order.indexOf(s.announced))
    }
    expect(mismatches).toEqual([])
  })

  it('reports progress coalesced (not one count per transition), and the last report is the truth', async () => {
    const engine = new FakeEngine()
    await enqueue(await files(names(30)))
    checks = []
    const s = makeService(engine, { batchSize: 5 })
    await run(s)
    await s.close()
    const transitions = (await Promise.all(checks)).length
    expect(transitions).toBeGreaterThanOrEqual(90)
    expect(progressSeen.length).toBeLessThan(transitions)
    expect(progressSeen.at(-1)).toEqual(await store.items.progress())
    expect(progressSeen.at(-1)).toMatchObject({ total: 30, done: 30, running: 0 })
  })

  it('closes its engines on close and never runs after it', async () => {
    const engine = new FakeEngine()
    await enqueue(await files(names(2)))
    const s = makeService(engine)
    await run(s)
    await s.close()
    expect(engine.closed).toBe(1)
    await enqueue(await files(names(1, 'late')))
    s.start()
    await s.whenSettled()
    expect((await store.items.progress()).queued).toBe(1)
  })
})
