import { z } from 'zod'
import { decisionStateSchema } from './decision'
import { feedbackSuggestionSchema } from './feedback'
import { sceneSchema } from './scene'
import type { SceneResult } from './scene-result'

/**
 * One correction of an image, as its history shows it (docs/architecture.md §6): a reviewer's
 * decision made in a window (held in the outbox, undoable), or a correction sent at once by
 * `greenlight feedback` (no undo, no outbox).
 */
export const correctionRecordSchema = z.object({
  source: z.enum(['decision', 'feedback-command']),
  /** The decision's id in the outbox; null for an at-once correction. */
  decisionId: z.number().int().nullable(),
  /** Epoch ms it was made. */
  at: z.number().int(),
  suggestion: feedbackSuggestionSchema,
  /** The scenes it decided, and nothing else. */
  scenes: z.array(sceneSchema),
  label: z.string().nullable(),
  note: z.string().nullable(),
  /** A decision's state in the outbox; `applied` for an at-once correction. */
  state: z.union([decisionStateSchema, z.literal('applied')]),
  /** When a pending decision's grace period ends (epoch ms); null otherwise. */
  dueAt: z.number().int().nullable(),
  /** When its grace period ended and it was sent (or kept locally), epoch ms; null until then. */
  sentAt: z.number().int().nullable(),
  /**
   * Of `scenes`, those Green's feedback API took, as far as the stored corrections still say:
   * a later correction of a scene replaces where the earlier one went.
   */
  sentToGreen: z.array(sceneSchema),
})
export type CorrectionRecord = z.infer<typeof correctionRecordSchema>

/** What the preview shows of an item beyond the Item itself (`items:details`). */
export const itemDetailsSchema = z.object({
  itemId: z.number().int(),
  /** Every correction of this image by this engine, newest first. */
  history: z.array(correctionRecordSchema),
  /** The verdict was reused from the verdict cache: no call, no charge. */
  fromCache: z.boolean(),
  /** The frame of an animated image its verdict matched (the preview shows it); null: the first. */
  judgedFrame: z.number().int().nullable(),
})
export type ItemDetails = z.infer<typeof itemDetailsSchema>

/**
 * The frame a GIF's verdict matched: the highest-rated of the frames Green returned. Green's
 * frame URLs end in the frame's number when it names one; else its place in the list.
 */
export function judgedFrame(results: readonly Pick<SceneResult, 'extras'>[]): number | null {
  let best: { rate: number; frame: number } | null = null
  for (const result of results) {
    const frames = result.extras?.frames ?? []
    frames.forEach((entry, position) => {
      const named = /\/(\d{1,3})\.[a-z]+(?:\?.*)?$/i.exec(entry.url)
      const frame = named ? Number(named[1]) : position
      if (best === null || entry.rate > best.rate) best = { rate: entry.rate, frame }
    })
  }
  return (best as { frame: number } | null)?.frame ?? null
}
