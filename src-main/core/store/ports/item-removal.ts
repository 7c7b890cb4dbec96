import type { ItemFilter } from '../../../../src-shared/domain'

/** Which items a removal names: these ids, or every item the list's filter matches. */
export type RemovalTarget = { readonly ids: readonly number[] } | { readonly filter: ItemFilter }

/** What a removal did, and what it left in place and why. */
export interface Removal {
  /** Ids of the items removed from the store. */
  readonly removed: readonly number[]
  /** Left in place: some process is scanning them right now (their verdict may be billed). */
  readonly running: number
  /**
   * Left in place: a reviewer's decision still in its grace period covers them, and sending it
   * needs them (docs/architecture.md §4, "Keeping the queue clean").
   */
  readonly deciding: number
}

/**
 * Taking items out of the queue (see docs/architecture.md §4, "Keeping the queue clean"): only
 * their rows go, never a file, a cached verdict or a reviewer's correction of the image, which
 * belong to the image and not to one item. Each call is one atomic write; every removed row
 * reaches the other processes through the change feed. Item ids are never reused after a
 * removal, so a list, an export's pinned set and a delta never mistake a new item for an old one.
 */
export interface ItemRemoval {
  remove(target: RemovalTarget): Promise<Removal>
}
