import { describe, expect, it } from 'vitest'
import { newItem, useStore, type MakeStore } from './store-harness'

const PERIOD = 10_000

/**
 * What crash recovery relies on from a QueueStore's leases (docs/architecture.md §4, "Leases"):
 * every implementation runs this same suite. A reopen stands for another process meeting what
 * the first one left; times are explicit, so no test waits for a lease to run out.
 */
export function describeLeaseContract(makeStore: MakeStore): void {
  describe('QueueStore lease contract', () => {
    const t = useStore(makeStore)
    const at = Date.now()
    const lease = (owner: string) => ({ owner, until: () => at + PERIOD })
    /** Adds items; their ids, in order (0 never names one). */
    const add = async (...items: Parameters<typeof newItem>[]) =>
      (await t.store.items.insertMany(items.map((args) => newItem(...args)))).map((i) => i.id)

    it('a claim carries its lease; another owner takes the item back only once it expired', async () => {
      t.store.items.useLease(lease('A'))
      const [id = 0] = await add(['/p/a.jpg'])
      await t.store.items.transitionAll(['queued'], { state: 'scanning' }, [id])
      const other = await t.reopen()
      other.items.useLease(lease('B'))
      expect(await other.items.heldElsewhere([id])).toEqual([id])
      expect((await other.items.progress()).elsewhere).toBe(1)
      expect(await other.items.reclaimExpired(at + PERIOD - 1)).toEqual({
        requeued: [],
        freeTasks: 0,
      })
      const { requeued } = await other.items.reclaimExpired(at + PERIOD + 1)
      expect(requeued.map((i) => [i.id, i.state])).toEqual([[id, 'queued']])
      expect(await other.items.heldElsewhere([id])).toEqual([])
    })

    it('renewed leases last; released ones are taken back at once', async () => {
      t.store.items.useLease(lease('A'))
      const [kept = 0, dropped = 0] = await add(['/p/k.jpg'], ['/p/l.jpg'])
      await t.store.items.transitionAll(['queued'], { state: 'hashing' }, [kept, dropped])
      await t.store.items.renewLeases('A', at + 3 * PERIOD)
      const other = await t.reopen()
      other.items.useLease(lease('B'))
      expect((await other.items.reclaimExpired(at + 2 * PERIOD)).requeued).toEqual([])
      await other.items.releaseLeases('A')
      expect((await other.items.reclaimExpired(at)).requeued.map((i) => i.id)).toEqual([
        kept,
        dropped,
      ])
    })

    it('finishing ends the lease; a claimed item is not claimed again by another owner', async () => {
      t.store.items.useLease(lease('A'))
      const [id = 0] = await add(['/p/f.jpg'])
      await t.store.items.transitionAll(['queued'], { state: 'scanning' }, [id])
      const other = await t.reopen()
      other.items.useLease(lease('B'))
      expect(await other.items.transitionAll(['queued'], { state: 'hashing' }, [id])).toEqual([])
      // B may not move what A holds; A's own finish is the one that counts.
      expect(await other.items.updateIf(id, ['scanning'], { state: 'done' })).toBeUndefined()
      other.items.useLease(lease('A'))
      const done = await other.items.updateIf(id, ['scanning'], {
        state: 'done',
        suggestion: 'pass',
      })
      expect(done?.state).toBe('done')
      other.items.useLease(lease('B'))
      expect(await other.items.heldElsewhere([id])).toEqual([])
      expect((await other.items.reclaimExpired(at + 2 * PERIOD)).requeued).toEqual([])
    })

    it('async tasks go to their holder only, and to another owner once expired', async () => {
      t.store.items.useLease(lease('A'))
      const [id = 0] = await add(['/p/t.jpg', { mode: 'async' }])
      await t.store.items.transitionAll(['queued'], { state: 'scanning' }, [id])
      await t.store.items.updateIf(id, ['scanning'], {
        state: 'submitted',
        taskId: 'task-1',
        submittedAt: at,
      })
      const other = await t.reopen()
      other.items.useLease(lease('B'))
      expect(await other.items.awaitingTasks()).toEqual([])
      // Not moved back to the queue (paid for): free to adopt once expired.
      expect(await other.items.reclaimExpired(at + PERIOD + 1)).toEqual({
        requeued: [],
        freeTasks: 1,
      })
      // A's lease ends before the store's own clock: B's poller adopts the task.
      await other.items.renewLeases('A', Date.now() - 1)
      expect((await other.items.awaitingTasks()).map((task) => task.taskId)).toEqual(['task-1'])
      expect(await other.items.heldElsewhere([id])).toEqual([])
    })
  })
}
