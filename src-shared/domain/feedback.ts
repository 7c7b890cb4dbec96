import { z } from 'zod'
import type { SceneResult } from './scene-result'
import { mostSevere, sceneSchema, type Suggestion } from './scene'

/** What a reviewer may say about a verdict: Green's feedback API takes exactly these two. */
export const FEEDBACK_SUGGESTIONS = ['pass', 'block'] as const
export const feedbackSuggestionSchema = z.enum(FEEDBACK_SUGGESTIONS)
export type FeedbackSuggestion = z.infer<typeof feedbackSuggestionSchema>

/** One scene's correction. */
export const sceneCorrectionSchema = z.object({
  scene: sceneSchema,
  suggestion: feedbackSuggestionSchema,
  /** The label the reviewer expects in that scene (green-api.md §4.4), if they named one. */
  label: z.string().max(64).nullable(),
})
export type SceneCorrection = z.infer<typeof sceneCorrectionSchema>

/**
 * A reviewer's correction of one image's verdict, as stored on the item. The engine's own results
 * are kept untouched beside it (what the engine said stays auditable); the item's `suggestion` is
 * the one after feedback. A later correction of the same scene replaces the earlier one.
 */
export const itemFeedbackSchema = z.object({
  corrections: z.array(sceneCorrectionSchema).min(1),
  note: z.string().max(1000).nullable(),
  /** Epoch ms of the latest correction. */
  at: z.number().int(),
  /** `green`: also sent to Green's feedback API; `local`: kept by Greenlight only. */
  sentTo: z.enum(['green', 'local']),
})
export type ItemFeedback = z.infer<typeof itemFeedbackSchema>

/**
 * The item's overall suggestion once feedback is applied: each corrected scene takes the
 * reviewer's suggestion, the others keep the engine's, and the most severe wins. A corrected
 * scene the engine could not judge still counts: the reviewer has judged it.
 */
export function suggestionAfterFeedback(
  results: readonly SceneResult[],
  feedback: ItemFeedback | null,
): Suggestion | null {
  const corrections = feedback?.corrections ?? []
  const corrected = new Set(corrections.map((c) => c.scene))
  return mostSevere([
    ...results.filter((r) => !corrected.has(r.scene)).map((r) => r.suggestion),
    ...corrections.map((c) => c.suggestion),
  ])
}
