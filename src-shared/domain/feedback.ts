import { z } from 'zod'
import type { SceneResult } from './scene-result'
import { mostSevere, SCENES, sceneSchema, type Scene, type Suggestion } from './scene'

/** What a reviewer may say about a verdict: Green's feedback API takes exactly these two. */
export const FEEDBACK_SUGGESTIONS = ['pass', 'block'] as const
export const feedbackSuggestionSchema = z.enum(FEEDBACK_SUGGESTIONS)
export type FeedbackSuggestion = z.infer<typeof feedbackSuggestionSchema>

/** One scene's correction. */
export const sceneCorrectionSchema = z.object({
  scene: sceneSchema,
  suggestion: feedbackSuggestionSchema,
  /** The label the reviewer expects in that scene (docs/green-api.md §4.4), if they named one. */
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
  /**
   * `green`: Green's feedback API has heard about this image (at least one correction was sent;
   * scenes it does not take are still kept locally); `local`: kept by Greenlight only.
   */
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

/**
 * The scenes Green's feedback API takes (docs/green-api.md §7). Corrections of other scenes (qrcode,
 * live, logo) are kept by Greenlight only.
 */
export const GREEN_FEEDBACK_SCENES: readonly Scene[] = ['porn', 'terrorism', 'ad']

/** Each scene's suggestion as the reviewer sees it: their correction, else the engine's. */
export function sceneSuggestionsAfterFeedback(
  results: readonly SceneResult[],
  feedback: ItemFeedback | null,
): Map<Scene, Suggestion> {
  const out = new Map<Scene, Suggestion>(results.map((r) => [r.scene, r.suggestion]))
  for (const c of feedback?.corrections ?? []) out.set(c.scene, c.suggestion)
  return out
}

/**
 * A reviewer's correction as asked for (the CLI's `feedback` command, the app's one-click
 * correction): which images, by a target (path, URL, dataId or taskId) or by item ids, and what
 * they should have been. No scenes: the flagged ones (decisionScenes, decision.ts).
 */
export const feedbackRequestSchema = z
  .object({
    target: z.string().trim().min(1).max(4096).optional(),
    itemIds: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
    suggestion: feedbackSuggestionSchema,
    scenes: z.array(sceneSchema).min(1).max(SCENES.length).optional(),
    label: z.string().trim().min(1).max(64).optional(),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .refine((r) => (r.target === undefined) !== (r.itemIds === undefined), {
    message: 'Name the images to correct: a target or item ids, not both.',
  })
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>
