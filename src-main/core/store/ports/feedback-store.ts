import type { EngineId, ItemFeedback, SceneCorrection } from '../../../../src-shared/domain'

/** One scene's correction as stored: where it went travels with it. */
export interface StoredCorrection extends SceneCorrection {
  readonly sentTo: ItemFeedback['sentTo']
}

/**
 * Reviewer corrections remembered per image (see feedback/feedback-subject.ts for the subject),
 * per engine and scene. A later correction of a scene replaces the earlier one.
 */
export interface FeedbackStore {
  /** Stores `corrections` (latest per scene wins) and returns the image's merged feedback. */
  upsert(
    subject: string,
    engine: EngineId,
    corrections: readonly StoredCorrection[],
    note: string | null,
    at?: number,
  ): Promise<ItemFeedback | null>
  /** Every corrected scene of the image in canonical order; note and time from the latest. */
  lookup(subject: string, engine: EngineId): Promise<ItemFeedback | null>
}
