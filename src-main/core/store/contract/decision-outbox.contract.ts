import { describe, expect, it } from 'vitest'
import type { NewDecision } from '../ports/decision-outbox'
import { useStore, type MakeStore } from './store-harness'

const SHA = 'cd'.repeat(32)
const OTHER = 'ef'.repeat(32)

const decision = (overrides: Partial<NewDecision> = {}): NewDecision => ({
  suggestion: 'block',
  label: null,
  note: null,
  images: [{ subject: SHA, engine: 'green', itemIds: [1, 2], scenes: ['porn'] }],
  at: 1_000,
  dueAt: 6_000,
  ...overrides,
})

/** What the decision service relies on from a DecisionOutbox: the same for every implementation. */
export function describeDecisionOutboxContract(makeStore: MakeStore): void {
  describe('DecisionOutbox contract', () => {
    const t = useStore(makeStore)

    it('stores a decision as pending and applies its corrections at once, not yet sent', async () => {
      const made = await t.store.decisions.record(decision())
      expect(made).toMatchObject({
        state: 'pending',
        suggestion: 'block',
        dueAt: 6_000,
        images: [{ subject: SHA, engine: 'green', itemIds: [1, 2], scenes: ['porn'], sent: false }],
      })
      expect(await t.store.feedback.lookup(SHA, 'green')).toEqual({
        corrections: [{ scene: 'porn', suggestion: 'block', label: null }],
        note: null,
        at: 1_000,
        sentTo: 'local',
      })
      expect((await t.store.decisions.pending()).map((d) => d.id)).toEqual([made.id])
      expect((await t.store.decisions.last())?.id).toBe(made.id)
    })

    it('claims only what is due, once: a second claimer gets nothing', async () => {
      const made = await t.store.decisions.record(decision())
      expect(await t.store.decisions.claimDue(5_999, 'a', 99_000, 10)).toEqual([])
      const claimed = await t.store.decisions.claimDue(6_000, 'a', 99_000, 10)
      expect(claimed.map((d) => [d.id, d.state])).toEqual([[made.id, 'sending']])
      expect(await t.store.decisions.claimDue(7_000, 'b', 99_000, 10)).toEqual([])
      expect(await t.store.decisions.markSent(made.id, 'b')).toBe(false)
      expect(await t.store.decisions.markSent(made.id, 'a')).toBe(true)
      expect((await t.store.decisions.get(made.id))?.state).toBe('sent')
      expect(await t.store.decisions.pending()).toEqual([])
    })

    it('restarts the grace period of a pending decision only', async () => {
      const made = await t.store.decisions.record(decision())
      await t.store.decisions.restartGrace(made.id, 9_000)
      expect((await t.store.decisions.get(made.id))?.dueAt).toBe(9_000)
      expect(await t.store.decisions.claimDue(8_999, 'a', 99_000, 10)).toEqual([])
      expect(await t.store.decisions.claimDue(9_000, 'a', 99_000, 10)).toHaveLength(1)
      // Claimed: being sent, so its time is no longer the reviewer's to extend.
      await t.store.decisions.restartGrace(made.id, 20_000)
      expect((await t.store.decisions.get(made.id))?.dueAt).toBe(9_000)
    })

    it('undo restores exactly the scenes the decision changed, and only while pending', async () => {
      await t.store.feedback.upsert(
        SHA,
        'green',
        [{ scene: 'porn', suggestion: 'pass', label: null, sentTo: 'green' }],
        'earlier',
        500,
      )
      await t.store.feedback.upsert(
        SHA,
        'green',
        [{ scene: 'ad', suggestion: 'block', label: null, sentTo: 'local' }],
        null,
        600,
      )
      const before = await t.store.feedback.lookup(SHA, 'green')
      const made = await t.store.decisions.record(
        decision({
          images: [
            { subject: SHA, engine: 'green', itemIds: [1], scenes: ['porn'] },
            { subject: OTHER, engine: 'local', itemIds: [2], scenes: ['terrorism'] },
          ],
        }),
      )
      const undone = await t.store.decisions.undo(made.id)
      expect(undone.kind).toBe('undone')
      expect(await t.store.feedback.lookup(SHA, 'green')).toEqual(before)
      expect(await t.store.feedback.lookup(OTHER, 'local')).toBeNull()
      expect(undone.kind === 'undone' && undone.restored).toEqual([
        { subject: SHA, engine: 'green', feedback: before },
        { subject: OTHER, engine: 'local', feedback: null },
      ])
      expect((await t.store.decisions.undo(made.id)).kind).toBe('already-undone')
      expect(await t.store.decisions.claimDue(99_000, 'a', 99_000, 10)).toEqual([])
      expect(await t.store.decisions.last()).toBeNull()
      expect((await t.store.decisions.undo(9_999)).kind).toBe('not-found')

      const sent = await t.store.decisions.record(decision())
      await t.store.decisions.claimDue(6_000, 'a', 99_000, 10)
      expect((await t.store.decisions.undo(sent.id)).kind).toBe('sending')
      await t.store.decisions.markSent(sent.id, 'a')
      expect((await t.store.decisions.undo(sent.id)).kind).toBe('sent')
      expect((await t.store.feedback.lookup(SHA, 'green'))?.corrections[0]?.suggestion).toBe(
        'block',
      )
    })

    it('an undo leaves a scene alone that a later decision changed', async () => {
      const first = await t.store.decisions.record(decision({ suggestion: 'pass' }))
      await t.store.decisions.record(decision({ suggestion: 'block', at: 2_000 }))
      await t.store.decisions.undo(first.id)
      expect((await t.store.feedback.lookup(SHA, 'green'))?.corrections).toEqual([
        { scene: 'porn', suggestion: 'block', label: null },
      ])
    })

    it('marks the scenes sent to Green, and a sent image stays sent', async () => {
      const made = await t.store.decisions.record(
        decision({
          images: [{ subject: SHA, engine: 'green', itemIds: [1], scenes: ['porn', 'qrcode'] }],
        }),
      )
      await t.store.decisions.claimDue(6_000, 'a', 99_000, 10)
      await t.store.decisions.markImageSent(made.id, SHA, 'green', ['porn'])
      expect((await t.store.feedback.lookup(SHA, 'green'))?.sentTo).toBe('green')
      expect((await t.store.decisions.get(made.id))?.images[0]?.sent).toBe(true)
    })

    it("takes back a dead claimer's sends when its lease ends, and a released one's at once", async () => {
      const made = await t.store.decisions.record(decision())
      await t.store.decisions.claimDue(6_000, 'dead', 10_000, 10)
      await t.store.decisions.renewLeases('dead', 20_000)
      expect(await t.store.decisions.reclaimExpired(15_000)).toBe(0)
      expect(await t.store.decisions.reclaimExpired(20_001)).toBe(1)
      expect((await t.store.decisions.get(made.id))?.state).toBe('pending')
      await t.store.decisions.claimDue(6_000, 'closing', 99_000, 10)
      await t.store.decisions.releaseLeases('closing')
      expect((await t.store.decisions.claimDue(6_000, 'next', 99_000, 10)).length).toBe(1)
      await t.store.decisions.retryLater(made.id, 'next', 50_000)
      expect(await t.store.decisions.claimDue(49_999, 'next', 99_000, 10)).toEqual([])
    })

    it('keeps pending decisions across a reopen', async () => {
      const made = await t.store.decisions.record(decision())
      const again = await t.reopen()
      expect((await again.decisions.pending()).map((d) => d.id)).toEqual([made.id])
    })
  })
}
