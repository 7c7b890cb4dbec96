import { z } from 'zod'
import {
  feedbackSuggestionSchema,
  GREEN_FEEDBACK_SCENES,
  type FeedbackSuggestion,
  type ItemFeedback,
} from './feedback'
import { SCENES, sceneSchema, type Scene } from './scene'
import type { SceneResult } from './scene-result'

/**
 * A reviewer's decision as asked for (a key, a click, a bulk action): which items, pass or block,
 * and, when the reviewer corrects scene by scene, which scenes. Without scenes, each image's
 * flagged scenes are decided (decisionScenes). See docs/architecture.md §4, "Decisions".
 */
/**
 * The most images one decision covers. Recording and showing a decision costs a few milliseconds
 * per image, and its grace period runs meanwhile, so a larger selection is refused up front.
 */
export const MAX_DECISION_ITEMS = 10_000

export const decisionRequestSchema = z
  .object({
    itemIds: z.array(z.number().int().positive()).min(1).max(MAX_DECISION_ITEMS),
    suggestion: feedbackSuggestionSchema,
    scenes: z.array(sceneSchema).min(1).max(SCENES.length).optional(),
    /**
     * Block only: the scenes to block on those images that have nothing flagged (the reviewer
     * answered "which scene?"); images with flagged scenes keep their default.
     */
    unflaggedScenes: z.array(sceneSchema).min(1).max(SCENES.length).optional(),
    label: z.string().trim().min(1).max(64).optional(),
    note: z.string().max(1000).optional(),
  })
  .strict()
export type DecisionRequest = z.infer<typeof decisionRequestSchema>

/** Why no scene could be chosen for an image: the host asks "which scene?" or says so. */
export type NoDecisionScenes = 'choose-scene' | 'already-passes'

/**
 * The scenes a decision changes on one image when the reviewer names none. Flagged scenes are
 * those the engine held for review or blocked, and those a reviewer's correction blocks now:
 * Block confirms them, Pass clears them. Scenes that passed are never touched, so a Block on an
 * image Green blocked for porn alone is about porn alone. An image with nothing flagged has no
 * default: Block must be told which scene; Pass has nothing to clear.
 */
export function decisionScenes(
  results: readonly SceneResult[],
  feedback: ItemFeedback | null,
  suggestion: FeedbackSuggestion,
): { ok: true; scenes: Scene[] } | { ok: false; reason: NoDecisionScenes } {
  const flagged = new Set<Scene>(results.filter((r) => r.suggestion !== 'pass').map((r) => r.scene))
  for (const c of feedback?.corrections ?? []) if (c.suggestion === 'block') flagged.add(c.scene)
  const scenes = SCENES.filter((scene) => flagged.has(scene))
  if (scenes.length > 0) return { ok: true, scenes }
  return { ok: false, reason: suggestion === 'block' ? 'choose-scene' : 'already-passes' }
}

/** Of a decision's scenes, those Green's feedback API takes: only these are ever sent to Green. */
export function greenFeedbackScenes(scenes: readonly Scene[]): Scene[] {
  return scenes.filter((scene) => GREEN_FEEDBACK_SCENES.includes(scene))
}

/** Where a decision is in the outbox (docs/architecture.md §4, "Decisions and the outbox"). */
export const DECISION_STATES = ['pending', 'sending', 'sent', 'undone'] as const
export const decisionStateSchema = z.enum(DECISION_STATES)
export type DecisionState = z.infer<typeof decisionStateSchema>

/** A decision still inside its grace period, for the undo toast. */
export const pendingDecisionSchema = z.object({
  id: z.number().int(),
  suggestion: feedbackSuggestionSchema,
  /** Every scene the decision changes, over all its images. */
  scenes: z.array(sceneSchema),
  /** Items it covers. */
  count: z.number().int(),
  /** Epoch ms when the grace period ends and it is sent. */
  dueAt: z.number().int(),
  /** Ms left of the grace period when this was said (0 once due). */
  msLeft: z.number().int().min(0),
})
export type PendingDecision = z.infer<typeof pendingDecisionSchema>
