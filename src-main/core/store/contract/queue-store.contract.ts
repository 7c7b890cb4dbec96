import { describe, expect, it } from 'vitest'
import { itemNote } from '../../../../src-shared/domain'
import { appError } from '../../../../src-shared/result'
import { RUNNING_STATES } from '../ports/queue-store'
import { newItem, useStore, type MakeStore } from './store-harness'

const SHA = 'cd'.repeat(32)
const DOWNSCALED = itemNote('cache-reused', {})
const VERDICT = { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99.5 } as const

/**
 * What the scan service and the async poller rely on from a QueueStore (store/ports/queue-store.ts):
 * every implementation runs this same suite.
 */
export function describeQueueStoreContract(makeStore: MakeStore): void {
  describe('QueueStore contract', () => {
    const t = useStore(makeStore)

    it('adds items queued, in order, with increasing ids and the defaults filled in', async () => {
      expect(await t.store.items.insertMany([])).toEqual([])
      const [a, b] = await t.store.items.insertMany([
        newItem('/p/猫 100%.jpg'),
        newItem('https://x.example/b.png', {
          sourceKind: 'url',
          engine: 'green',
          scenes: ['porn', 'ad'],
          bizType: 'shop',
          mode: 'async',
        }),
      ])
      expect(a).toMatchObject({
        sourceKind: 'file',
        source: '/p/猫 100%.jpg',
        engine: 'local',
        scenes: ['porn'],
        bizType: null,
        mode: 'sync',
        state: 'queued',
        sha256: null,
        suggestion: null,
        results: [],
        unsupportedScenes: [],
        error: null,
        feedback: null,
      })
      expect(b).toMatchObject({ sourceKind: 'url', scenes: ['porn', 'ad'], bizType: 'shop' })
      expect(b?.mode).toBe('async')
      expect((b?.id ?? 0) > (a?.id ?? 0)).toBe(true)
      expect(await t.store.items.get(a?.id ?? 0)).toEqual(a)
    })

    it('reads many by id, oldest first, leaving out ids it does not have', async () => {
      const [a, b] = await t.store.items.insertMany([newItem('/a.jpg'), newItem('/b.jpg')])
      const ids = [b?.id ?? 0, 999_999, a?.id ?? 0]
      expect((await t.store.items.getMany(ids)).map((i) => i.source)).toEqual(['/a.jpg', '/b.jpg'])
      expect(await t.store.items.get(999_999)).toBeUndefined()
    })

    it('writes every patch field and returns the item as stored', async () => {
      const [item] = await t.store.items.insertMany([newItem('/a.jpg')])
      const error = appError('NETWORK', 'down', true)
      const feedback = {
        corrections: [{ scene: 'porn' as const, suggestion: 'block' as const, label: null }],
        note: 'seen',
        at: 5,
        sentTo: 'local' as const,
      }
      const patch = {
        state: 'done' as const,
        sha256: SHA,
        suggestion: 'pass' as const,
        results: [VERDICT],
        unsupportedScenes: ['logo' as const],
        error,
        note: DOWNSCALED,
        dataId: 'd-1',
        taskId: 't-1',
        sentUrl: 'oss://bucket/a.jpg',
        submittedAt: 1_700_000_000_000,
        feedback,
        scannedAt: 1_700_000_000_500,
      }
      const stored = await t.store.items.update(item?.id ?? 0, patch)
      expect(stored).toMatchObject(patch)
      expect(await t.store.items.get(item?.id ?? 0)).toEqual(stored)
      const cleared = await t.store.items.update(item?.id ?? 0, { error: null, feedback: null })
      expect(cleared).toMatchObject({ error: null, feedback: null, note: DOWNSCALED })
    })

    it('claims an item once: a guarded move that no longer matches changes nothing', async () => {
      const [item] = await t.store.items.insertMany([newItem('/a.jpg')])
      const id = item?.id ?? 0
      const claims = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.store.items.updateIf(id, ['queued'], { state: 'hashing' }),
        ),
      )
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1)
      expect(await t.store.items.updateIf(id, ['queued'], { state: 'hashing' })).toBeUndefined()
      // A late answer for an item cancelled meanwhile cannot overwrite the cancel.
      await t.store.items.transitionAll(['hashing'], { state: 'cancelled' })
      expect(await t.store.items.updateIf(id, ['hashing'], { state: 'done' })).toBeUndefined()
      expect((await t.store.items.get(id))?.state).toBe('cancelled')
      expect(
        await t.store.items.updateIf(999_999, ['queued'], { state: 'hashing' }),
      ).toBeUndefined()
    })

    it('moves all matching items at once, or only the given ids, and returns those it moved', async () => {
      const items = await t.store.items.insertMany([
        newItem('/a.jpg'),
        newItem('/b.jpg'),
        newItem('/c.jpg'),
      ])
      const [a, b, c] = items.map((i) => i.id)
      await t.store.items.update(c ?? 0, { state: 'done' })
      const paused = await t.store.items.transitionAll(['queued'], { state: 'cancelled' }, [a ?? 0])
      expect(paused.map((i) => [i.id, i.state])).toEqual([[a, 'cancelled']])
      const rest = await t.store.items.transitionAll(['queued'], { state: 'cancelled' })
      expect(rest.map((i) => i.id)).toEqual([b])
      expect(await t.store.items.transitionAll(['queued'], { state: 'cancelled' })).toEqual([])
      expect((await t.store.items.get(c ?? 0))?.state).toBe('done')
    })

    it('claims a batch once when two processes race for the same ids', async () => {
      const items = await t.store.items.insertMany(
        Array.from({ length: 20 }, (_, i) => newItem(`/${String(i)}.jpg`)),
      )
      const ids = items.map((i) => i.id)
      const [first, second] = await Promise.all([
        t.store.items.transitionAll(['queued'], { state: 'hashing' }, ids),
        t.store.items.transitionAll(['queued'], { state: 'hashing' }, ids),
      ])
      const claimed = [...first, ...second].map((i) => i.id)
      expect(claimed.sort((x, y) => x - y)).toEqual(ids)
    })

    it('puts running items back in the queue on recovery and leaves finished ones', async () => {
      const items = await t.store.items.insertMany(
        [...RUNNING_STATES, 'done', 'failed', 'queued'].map((_, i) => newItem(`/${String(i)}.jpg`)),
      )
      const states = [...RUNNING_STATES, 'done', 'failed', 'queued'] as const
      for (const [i, item] of items.entries()) {
        await t.store.items.update(item.id, { state: states[i] ?? 'queued' })
      }
      expect(await t.store.items.countIn(RUNNING_STATES)).toBe(RUNNING_STATES.length)
      const back = await t.store.items.transitionAll(RUNNING_STATES, { state: 'queued' })
      expect(back).toHaveLength(RUNNING_STATES.length)
      expect(back.every((i) => i.state === 'queued')).toBe(true)
      expect(await t.store.items.countIn(['queued'])).toBe(RUNNING_STATES.length + 1)
      expect(await t.store.items.countIn(['done', 'failed'])).toBe(2)
    })

    it('offers the oldest queued items that one engine call can carry, claiming none', async () => {
      expect(await t.store.items.nextQueuedBatch(5)).toEqual([])
      const items = await t.store.items.insertMany([
        newItem('/1.jpg'),
        newItem('/2.jpg'),
        newItem('/3.jpg', { engine: 'green' }),
        newItem('/4.jpg', { scenes: ['porn', 'ad'] }),
        newItem('/5.jpg', { bizType: 'shop' }),
        newItem('/6.jpg', { mode: 'async' }),
        newItem('/7.jpg'),
        newItem('/8.jpg'),
      ])
      await t.store.items.update(items[0]?.id ?? 0, { state: 'hashing' })
      const batch = await t.store.items.nextQueuedBatch(2)
      expect(batch.map((i) => i.source)).toEqual(['/2.jpg', '/7.jpg'])
      expect(batch.every((i) => i.state === 'queued')).toBe(true)
      expect((await t.store.items.nextQueuedBatch(10)).map((i) => i.source)).toEqual([
        '/2.jpg',
        '/7.jpg',
        '/8.jpg',
      ])
      await t.store.items.transitionAll(['queued'], { state: 'done' }, [
        items[1]?.id ?? 0,
        items[6]?.id ?? 0,
        items[7]?.id ?? 0,
      ])
      expect((await t.store.items.nextQueuedBatch(10)).map((i) => i.source)).toEqual(['/3.jpg'])
    })

    it('finds the newest item of each source under the same engine, scenes and bizType', async () => {
      await t.store.items.insertMany([
        newItem('/a.jpg'),
        newItem('/a.jpg'),
        newItem('/b.jpg', { bizType: 'shop' }),
        newItem('/c.jpg', { scenes: ['ad'] }),
      ])
      const newest = await t.store.items.insertMany([newItem('/a.jpg')])
      const found = await t.store.items.latestBySource(
        ['/a.jpg', '/b.jpg', '/c.jpg', '/none.jpg'],
        'local',
        ['porn'],
        null,
      )
      expect([...found.keys()]).toEqual(['/a.jpg'])
      expect(found.get('/a.jpg')?.id).toBe(newest[0]?.id)
      const shop = await t.store.items.latestBySource(['/b.jpg'], 'local', ['porn'], 'shop')
      expect(shop.get('/b.jpg')?.bizType).toBe('shop')
      expect((await t.store.items.latestBySource(['/a.jpg'], 'green', ['porn'], null)).size).toBe(0)
    })

    it('lists async tasks owed a verdict once per task, with their earliest submission', async () => {
      const scenes = ['porn'] as const
      const items = await t.store.items.insertMany([
        newItem('/a.jpg', { engine: 'green', mode: 'async' }),
        newItem('/twin.jpg', { engine: 'green', mode: 'async' }),
        newItem('/b.jpg', { engine: 'green', mode: 'async' }),
        newItem('/c.jpg', { engine: 'green', mode: 'async' }),
      ])
      const [a, twin, b, c] = items.map((i) => i.id)
      await t.store.items.update(a ?? 0, {
        state: 'submitted',
        taskId: 'task-1',
        sha256: SHA,
        submittedAt: 2000,
      })
      await t.store.items.update(twin ?? 0, {
        state: 'polling',
        taskId: 'task-1',
        sha256: SHA,
        submittedAt: 1000,
      })
      await t.store.items.update(b ?? 0, {
        state: 'submitted',
        taskId: 'task-2',
        submittedAt: 3000,
      })
      await t.store.items.update(c ?? 0, { state: 'done', taskId: 'task-3', submittedAt: 4000 })
      const tasks = await t.store.items.awaitingTasks()
      expect(tasks.sort((x, y) => x.taskId.localeCompare(y.taskId))).toEqual([
        { taskId: 'task-1', engine: 'green', submittedAt: 1000 },
        { taskId: 'task-2', engine: 'green', submittedAt: 3000 },
      ])
      expect((await t.store.items.awaitingTask('task-1', 'green')).map((i) => i.id)).toEqual([
        a,
        twin,
      ])
      expect(await t.store.items.awaitingTask('task-1', 'local')).toEqual([])
      expect(await t.store.items.awaitingTwin(SHA, 'green', scenes, null)).toMatchObject({
        taskId: 'task-1',
      })
      expect(await t.store.items.awaitingTwin(SHA, 'green', scenes, 'shop')).toBeUndefined()
      expect(await t.store.items.awaitingTwin(SHA, 'green', ['ad'], null)).toBeUndefined()
      await t.store.items.transitionAll(['submitted', 'polling'], { state: 'done' })
      expect(await t.store.items.awaitingTasks()).toEqual([])
      expect(await t.store.items.awaitingTwin(SHA, 'green', scenes, null)).toBeUndefined()
    })

    it('counts progress by state and verdict', async () => {
      const items = await t.store.items.insertMany(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => newItem(`/${n}.jpg`)),
      )
      const ids = items.map((i) => i.id)
      await t.store.items.update(ids[0] ?? 0, { state: 'done', suggestion: 'block' })
      await t.store.items.update(ids[1] ?? 0, { state: 'done', suggestion: 'review' })
      await t.store.items.update(ids[2] ?? 0, { state: 'done', suggestion: 'pass' })
      await t.store.items.update(ids[3] ?? 0, { state: 'failed' })
      await t.store.items.update(ids[4] ?? 0, { state: 'scanning' })
      expect(await t.store.items.progress()).toEqual({
        total: 6,
        queued: 1,
        running: 1,
        done: 3,
        failed: 1,
        cancelled: 0,
        blocked: 1,
        review: 1,
      })
    })

    it('keeps what it stored across a reopen', async () => {
      const [item] = await t.store.items.insertMany([newItem('/a.jpg')])
      await t.store.items.update(item?.id ?? 0, { state: 'done', results: [VERDICT] })
      const again = await t.reopen()
      expect(await again.items.get(item?.id ?? 0)).toMatchObject({
        state: 'done',
        results: [VERDICT],
      })
    })
  })
}
