import type {
  DecisionState,
  EngineId,
  FeedbackSuggestion,
  ItemFeedback,
  Scene,
} from '../../../../src-shared/domain'

/** One image a decision covers: the items showing it, and the scenes decided on it. */
export interface DecisionImage {
  readonly subject: string
  readonly engine: EngineId
  readonly itemIds: readonly number[]
  readonly scenes: readonly Scene[]
}

export interface NewDecision {
  readonly suggestion: FeedbackSuggestion
  readonly label: string | null
  readonly note: string | null
  readonly images: readonly DecisionImage[]
  /** Epoch ms it was made: the time its corrections carry. */
  readonly at: number
  /** Epoch ms its grace period ends: it is sent no earlier. */
  readonly dueAt: number
}

/** A stored image of a decision: whether Green has already been told about it. */
export interface StoredDecisionImage extends DecisionImage {
  readonly sent: boolean
}

export interface StoredDecision extends Omit<NewDecision, 'images'> {
  readonly id: number
  readonly state: DecisionState
  readonly images: readonly StoredDecisionImage[]
}

/** What an undo found: undone (with each image's feedback as restored), or why not. */
export type UndoResult =
  | {
      readonly kind: 'undone'
      readonly decision: StoredDecision
      readonly restored: readonly {
        subject: string
        engine: EngineId
        feedback: ItemFeedback | null
      }[]
    }
  | { readonly kind: 'sent' | 'sending' | 'already-undone'; readonly decision: StoredDecision }
  | { readonly kind: 'not-found' }

/**
 * Reviewer decisions held for a grace period before they are sent (docs/architecture.md §4,
 * "Decisions and the outbox"). Recording a decision applies its corrections to the per-image
 * feedback at once, in the same transaction, and remembers what each scene was before, so an
 * undo restores exactly the scenes it changed. Sending is claimed by lease: a decision is sent by
 * one process only, and a dead process's claimed sends come back (store/lease.ts).
 */
export interface DecisionOutbox {
  /** Stores the decision as `pending` and applies its corrections (sent_to local until sent). */
  record(decision: NewDecision): Promise<StoredDecision>
  get(id: number): Promise<StoredDecision | null>
  /** The newest decision that was not undone, if any. */
  last(): Promise<StoredDecision | null>
  /** Decisions still in their grace period (or due and not yet claimed), oldest first. */
  pending(): Promise<StoredDecision[]>
  /**
   * Cancels a pending decision and restores each of its scenes to what it was before, unless a
   * later decision has changed that scene since. A decision claimed or sent is left alone.
   */
  undo(id: number): Promise<UndoResult>
  /** Claims up to `limit` pending decisions due at `now` for `owner` until `until` (epoch ms). */
  claimDue(now: number, owner: string, until: number, limit: number): Promise<StoredDecision[]>
  /** One image of a claimed decision reached Green: its scenes now say `green`. */
  markImageSent(
    id: number,
    subject: string,
    engine: EngineId,
    greenScenes: readonly Scene[],
  ): Promise<void>
  /** The claimed decision is done: every image sent, or kept locally. */
  markSent(id: number, owner: string): Promise<boolean>
  /**
   * Moves a pending decision's end of grace to `dueAt` (the grace period counts from when the
   * reviewer sees the decision); a decision already claimed or undone is left alone.
   */
  restartGrace(id: number, dueAt: number): Promise<void>
  /** Gives a claimed decision back (a send that failed and may succeed later), due at `dueAt`. */
  retryLater(id: number, owner: string, dueAt: number): Promise<void>
  /** Lease plumbing (store/lease.ts LeasedWork). */
  renewLeases(owner: string, until: number): Promise<void>
  releaseLeases(owner: string): Promise<void>
  /** Claimed decisions whose lease ended before `now` become pending again; how many. */
  reclaimExpired(now: number): Promise<number>
}
