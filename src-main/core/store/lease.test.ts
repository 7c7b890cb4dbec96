import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewItem } from './ports/queue-store'
import { ItemsRepo } from './sqlite/items-repo'
import { Leases, leasePolicy, type LeasedWork, type LeaseTimers } from './lease'
import { openStore, type SqliteStore } from './sqlite/open-store'

/** Two processes on one database: two connections, two repos, two owners, one fake wall clock. */
let dir: string
let stores: SqliteStore[]
let clock: number
let a: ItemsRepo
let b: ItemsRepo
const PERIOD = 10_000
const holder = (owner: string) => ({ owner, until: () => clock + PERIOD })

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-lease-'))
  stores = [await openStore(dir), await openStore(dir)]
  clock = Date.UTC(2026, 11, 1)
  a = new ItemsRepo(stores[0]!.db, () => clock)
  b = new ItemsRepo(stores[1]!.db, () => clock)
  a.useLease(holder('A'))
  b.useLease(holder('B'))
})

afterEach(async () => {
  for (const store of stores) await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const newItems = (n: number): NewItem[] =>
  Array.from({ length: n }, (_, i) => ({
    sourceKind: 'file' as const,
    source: `/p/${String(i)}.jpg`,
    engine: 'local' as const,
    scenes: ['porn' as const],
  }))

const leaseOf = async (id: number) =>
  stores[0]!.db.get<{ lease_owner: string | null; lease_until: number | null }>(
    'SELECT lease_owner, lease_until FROM items WHERE id = ?',
    [id],
  )

describe('item leases on one database shared by two processes', () => {
  it('claims are guarded: racing claims of the same items take each item exactly once', async () => {
    const ids = (await a.insertMany(newItems(60))).map((i) => i.id)
    // Both ask for every item, batch by batch, at the same time.
    const claims = await Promise.all(
      [a, b, a, b].map(async (repo) => {
        const got: number[] = []
        for (let i = 0; i < ids.length; i += 10) {
          const moved = await repo.transitionAll(
            ['queued'],
            { state: 'hashing' },
            ids.slice(i, i + 10),
          )
          got.push(...moved.map((m) => m.id))
        }
        return got
      }),
    )
    const all = claims.flat()
    expect(all.sort((x, y) => x - y)).toEqual(ids)
    // Each claimed item carries its claimer's lease.
    const byA = new Set([...claims[0]!, ...claims[2]!])
    for (const id of ids) expect((await leaseOf(id))?.lease_owner).toBe(byA.has(id) ? 'A' : 'B')
  })

  it('a live lease is left alone; an expired one is taken back by any process', async () => {
    const [item] = await a.insertMany(newItems(1))
    await a.transitionAll(['queued'], { state: 'scanning' }, [item!.id])
    clock += PERIOD - 1
    expect((await b.reclaimExpired(clock)).requeued).toEqual([])
    expect((await b.get(item!.id))?.state).toBe('scanning')
    clock += 2
    const { requeued } = await b.reclaimExpired(clock)
    expect(requeued.map((i) => [i.id, i.state])).toEqual([[item!.id, 'queued']])
    expect(await leaseOf(item!.id)).toEqual({ lease_owner: null, lease_until: null })
  })

  it('renewing keeps the work: only a lease that stops being renewed expires', async () => {
    const [item] = await a.insertMany(newItems(1))
    await a.transitionAll(['queued'], { state: 'hashing' }, [item!.id])
    for (let i = 0; i < 5; i++) {
      clock += PERIOD / 2
      await a.renewLeases('A', clock + PERIOD)
      expect((await b.reclaimExpired(clock)).requeued).toEqual([])
    }
    clock += PERIOD + 1
    expect((await b.reclaimExpired(clock)).requeued).toHaveLength(1)
  })

  it('a process that stalled past its lease cannot overwrite the one that took its work back', async () => {
    const [item] = await a.insertMany(newItems(1))
    await a.transitionAll(['queued'], { state: 'hashing' }, [item!.id])
    clock += PERIOD + 1
    await b.reclaimExpired(clock)
    await b.transitionAll(['queued'], { state: 'hashing' }, [item!.id])
    // A wakes up and goes on with what it thought was its own: every guarded step is refused.
    expect(await a.updateIf(item!.id, ['hashing'], { state: 'scanning' })).toBeUndefined()
    expect(await a.transitionAll(['hashing'], { state: 'queued' }, [item!.id])).toEqual([])
    expect((await leaseOf(item!.id))?.lease_owner).toBe('B')
    const done = await b.updateIf(item!.id, ['hashing'], { state: 'done', suggestion: 'pass' })
    expect(done?.state).toBe('done')
    // Finished work is nobody's.
    expect(await leaseOf(item!.id)).toEqual({ lease_owner: null, lease_until: null })
  })

  it('a released lease is taken back at once, with no wait for the period', async () => {
    const [item] = await a.insertMany(newItems(1))
    await a.transitionAll(['queued'], { state: 'uploading' }, [item!.id])
    await a.releaseLeases('A')
    expect((await b.reclaimExpired(clock)).requeued).toHaveLength(1)
  })

  it('async tasks: polled by their holder only, adopted by another once released or expired', async () => {
    const items = await a.insertMany(newItems(3))
    for (const item of items) {
      await a.transitionAll(['queued'], { state: 'scanning' }, [item.id])
      await a.updateIf(item.id, ['scanning'], {
        state: 'submitted',
        taskId: `t-${String(item.id)}`,
        submittedAt: clock,
      })
    }
    expect(await b.awaitingTasks()).toEqual([])
    expect(await a.awaitingTasks()).toHaveLength(3)
    // Expired: a reclaim does not move paid-for tasks, it says they are free to adopt.
    clock += PERIOD + 1
    expect(await b.reclaimExpired(clock)).toEqual({ requeued: [], freeTasks: 3 })
    expect(await b.awaitingTasks()).toHaveLength(3)
    expect(await a.awaitingTasks()).toEqual([])
    // B closes cleanly: A adopts them back at once.
    await b.releaseLeases('B')
    expect(await a.awaitingTasks()).toHaveLength(3)
  })

  it('progress and heldElsewhere count what another process holds', async () => {
    const ids = (await a.insertMany(newItems(5))).map((i) => i.id)
    await a.transitionAll(['queued'], { state: 'scanning' }, ids.slice(0, 3))
    await b.transitionAll(['queued'], { state: 'scanning' }, ids.slice(3, 4))
    expect((await b.progress()).elsewhere).toBe(3)
    expect((await a.progress()).elsewhere).toBe(1)
    expect(await b.heldElsewhere(ids)).toEqual(ids.slice(0, 3))
    expect(await a.heldElsewhere(ids)).toEqual(ids.slice(3, 4))
  })
})

describe('Leases', () => {
  /** Timers fired by hand: each call runs every interval registered with that period. */
  function handTimers() {
    const intervals = new Map<unknown, { callback: () => void; ms: number }>()
    const timers: LeaseTimers = {
      setInterval: (callback, ms) => {
        const handle = Symbol('interval')
        intervals.set(handle, { callback, ms })
        return handle
      },
      clearInterval: (handle) => {
        intervals.delete(handle)
      },
    }
    const fire = (ms: number) => {
      for (const t of intervals.values()) if (t.ms === ms) t.callback()
    }
    return { timers, intervals, fire }
  }

  function recorder() {
    const calls: string[] = []
    const work: LeasedWork = {
      renew: (owner, until) => {
        calls.push(`renew ${owner} ${String(until)}`)
        return Promise.resolve()
      },
      reclaim: (now) => {
        calls.push(`reclaim ${String(now)}`)
        return Promise.resolve()
      },
      release: (owner) => {
        calls.push(`release ${owner}`)
        return Promise.resolve()
      },
    }
    return { calls, work }
  }

  it('reclaims at start, renews and reclaims on its timers, and releases on close', async () => {
    let now = 1_000
    const { timers, intervals, fire } = handTimers()
    const { calls, work } = recorder()
    const leases = new Leases({ owner: 'me', policy: leasePolicy(900), wallNow: () => now, timers })
    leases.add(work)
    await leases.start()
    expect(calls).toEqual(['reclaim 1000'])
    expect([...intervals.values()].map((t) => t.ms).sort()).toEqual([300, 900])
    now = 1_300
    fire(300)
    now = 1_900
    fire(900)
    await Promise.resolve()
    expect(calls).toEqual(['reclaim 1000', 'renew me 2200', 'reclaim 1900'])
    await leases.close()
    expect(calls.at(-1)).toBe('release me')
    expect(intervals.size).toBe(0)
    await leases.close()
    expect(calls.filter((c) => c.startsWith('release'))).toHaveLength(1)
  })

  it('a failing tick is reported and the next one still runs', async () => {
    const { timers, fire } = handTimers()
    const errors: unknown[] = []
    let fail = true
    const leases = new Leases({ timers, policy: leasePolicy(30), onError: (e) => errors.push(e) })
    let renewed = 0
    leases.add({
      renew: () => {
        if (fail) return Promise.reject(new Error('SQLITE_BUSY'))
        renewed++
        return Promise.resolve()
      },
      reclaim: () => Promise.resolve(),
      release: () => Promise.resolve(),
    })
    await leases.start()
    fire(10)
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toHaveLength(1)
    fail = false
    fire(10)
    await new Promise((resolve) => setImmediate(resolve))
    expect(renewed).toBe(1)
    expect(leases.owner).toMatch(/^[0-9a-f-]{36}$/)
    await leases.close()
  })
})
