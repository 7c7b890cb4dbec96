import { describe, expect, it } from 'vitest'
import type { NewDecision } from '../ports/decision-outbox'
import { useStore, type MakeStore } from './store-harness'

const SHA = '12'.repeat(32)

const decision = (overrides: Partial<NewDecision>): NewDecision => ({
  suggestion: 'block',
  label: null,
  note: null,
  images: [{ subject: SHA, engine: 'green', itemIds: [1], scenes: ['porn'] }],
  at: 1_000,
  dueAt: 6_000,
  ...overrides,
})

/** What the preview's history relies on from a CorrectionHistory: the same for every implementation. */
export function describeCorrectionHistoryContract(makeStore: MakeStore): void {
  describe('CorrectionHistory contract', () => {
    const t = useStore(makeStore)

    it('lists every correction of an image, newest first: decisions in any state and at-once feedback', async () => {
      expect(await t.store.corrections.historyOf(SHA, 'green')).toEqual([])
      // `greenlight feedback`: sent at once, porn to Green, qrcode kept locally.
      await t.store.feedback.upsert(
        SHA,
        'green',
        [
          { scene: 'porn', suggestion: 'pass', label: null, sentTo: 'green' },
          { scene: 'qrcode', suggestion: 'pass', label: null, sentTo: 'local' },
        ],
        'cli says fine',
        500,
      )
      const sent = await t.store.decisions.record(decision({ at: 1_000, dueAt: 6_000 }))
      await t.store.decisions.claimDue(6_000, 'me', 99_000, 10)
      await t.store.decisions.markImageSent(sent.id, SHA, 'green', ['porn'])
      await t.store.decisions.markSent(sent.id, 'me')
      const undone = await t.store.decisions.record(
        decision({ suggestion: 'pass', at: 2_000, dueAt: 7_000 }),
      )
      await t.store.decisions.undo(undone.id)
      const pending = await t.store.decisions.record(
        decision({
          at: 3_000,
          dueAt: 8_000,
          note: 'logo too',
          images: [{ subject: SHA, engine: 'green', itemIds: [1], scenes: ['logo'] }],
        }),
      )
      // Another image's and another engine's corrections are not this one's.
      await t.store.decisions.record(
        decision({
          images: [{ subject: 'ff'.repeat(32), engine: 'green', itemIds: [2], scenes: ['ad'] }],
        }),
      )
      await t.store.feedback.upsert(
        SHA,
        'local',
        [{ scene: 'porn', suggestion: 'block', label: null, sentTo: 'local' }],
        null,
        9,
      )

      const history = await t.store.corrections.historyOf(SHA, 'green')
      expect(history.map((h) => [h.source, h.decisionId, h.state, h.suggestion, h.scenes])).toEqual(
        [
          ['decision', pending.id, 'pending', 'block', ['logo']],
          ['decision', undone.id, 'undone', 'pass', ['porn']],
          ['decision', sent.id, 'sent', 'block', ['porn']],
          // Its porn row was replaced by the sent decision, yet it is still in the history.
          ['feedback-command', null, 'applied', 'pass', ['porn', 'qrcode']],
        ],
      )
      expect(history[0]).toMatchObject({
        dueAt: 8_000,
        sentAt: null,
        note: 'logo too',
        sentToGreen: [],
      })
      expect(history[2]).toMatchObject({ dueAt: null, sentToGreen: ['porn'] })
      expect(history[2]?.sentAt).not.toBeNull()
      expect(history[3]).toMatchObject({ at: 500, note: 'cli says fine', sentToGreen: ['porn'] })
    })
  })
}
