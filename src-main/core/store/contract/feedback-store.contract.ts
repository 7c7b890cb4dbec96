import { describe, expect, it } from 'vitest'
import type { StoredCorrection } from '../ports/feedback-store'
import { useStore, type MakeStore } from './store-harness'

const SHA = 'ab'.repeat(32)
const URL = 'https://x.example/a.jpg'

const correction = (
  scene: StoredCorrection['scene'],
  suggestion: StoredCorrection['suggestion'],
  sentTo: StoredCorrection['sentTo'] = 'local',
  label: string | null = null,
): StoredCorrection => ({ scene, suggestion, label, sentTo })

/** What feedback and the scan service rely on from a FeedbackStore: the same for every implementation. */
export function describeFeedbackStoreContract(makeStore: MakeStore): void {
  describe('FeedbackStore contract', () => {
    const t = useStore(makeStore)

    it('remembers corrections per image and engine, merged in canonical scene order', async () => {
      expect(await t.store.feedback.lookup(SHA, 'green')).toBeNull()
      const first = await t.store.feedback.upsert(
        SHA,
        'green',
        [correction('ad', 'pass', 'green'), correction('porn', 'block', 'green', 'sexy')],
        'first look',
        1000,
      )
      expect(first).toEqual({
        corrections: [
          { scene: 'porn', suggestion: 'block', label: 'sexy' },
          { scene: 'ad', suggestion: 'pass', label: null },
        ],
        note: 'first look',
        at: 1000,
        sentTo: 'green',
      })
      expect(await t.store.feedback.lookup(SHA, 'green')).toEqual(first)
      expect(await t.store.feedback.lookup(SHA, 'local')).toBeNull()
      expect(await t.store.feedback.lookup(URL, 'green')).toBeNull()
    })

    it('lets a later correction of a scene replace the earlier one; note and time from the latest', async () => {
      await t.store.feedback.upsert(SHA, 'green', [correction('porn', 'block', 'green')], 'a', 1000)
      const merged = await t.store.feedback.upsert(
        SHA,
        'green',
        [correction('porn', 'pass'), correction('qrcode', 'block')],
        'b',
        2000,
      )
      expect(merged?.corrections).toEqual([
        { scene: 'porn', suggestion: 'pass', label: null },
        { scene: 'qrcode', suggestion: 'block', label: null },
      ])
      expect(merged).toMatchObject({ note: 'b', at: 2000, sentTo: 'local' })
    })

    it('says green once any kept correction reached Green', async () => {
      await t.store.feedback.upsert(URL, 'green', [correction('porn', 'pass', 'green')], null, 1)
      const later = await t.store.feedback.upsert(
        URL,
        'green',
        [correction('qrcode', 'pass')],
        null,
        2,
      )
      expect(later?.sentTo).toBe('green')
    })

    it('answers what is stored when given nothing, and keeps it across a reopen', async () => {
      expect(await t.store.feedback.upsert(SHA, 'local', [], 'ignored')).toBeNull()
      await t.store.feedback.upsert(SHA, 'local', [correction('porn', 'pass')], null, 5)
      const again = await t.reopen()
      expect((await again.feedback.upsert(SHA, 'local', [], 'ignored'))?.at).toBe(5)
    })
  })
}
