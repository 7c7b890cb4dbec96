import { MAX_DECISION_ITEMS } from '../../../src-shared/domain/decision'
import type { FeedbackSuggestion } from '../../../src-shared/domain/feedback'
import type { Item } from '../../../src-shared/domain/item'
import { useUiStore } from '../../stores/ui-store'
import { useDecide } from '../decisions/decide'

/**
 * One-key review: `p` passes, `b` blocks the selected item, then the selection moves on, so a
 * queue is reviewed with j/k and p/b alone. Main records the decision at once (the row updates
 * from its items:changed event) and sends it to Green once its grace period ends, unless undone.
 */
export function useReviewKeys(next: () => void): (
  key: string,
  item: Item | undefined,
  picked: readonly Item[],
  /** Picked ids whose rows are not loaded (Ctrl/Cmd+A over 100,000): main checks their state. */
  unloaded?: readonly number[],
) => boolean {
  const decide = useDecide()
  return (key, item, picked, unloaded = []) => {
    const suggestion: FeedbackSuggestion | null =
      key === 'p' ? 'pass' : key === 'b' ? 'block' : null
    if (suggestion === null) return false
    // Picks win over the focused row; only judged images can be decided.
    const judged = picked.filter((p) => p.state === 'done')
    if (judged.length + unloaded.length > 1) {
      const itemIds = [...judged.map((p) => p.id), ...unloaded]
      // Said before asking, not after the reviewer has confirmed: narrow the filter first.
      if (itemIds.length > MAX_DECISION_ITEMS) {
        useUiStore.getState().noticeShown({
          key: 'review.tooMany',
          values: { count: itemIds.length, max: MAX_DECISION_ITEMS },
        })
        return true
      }
      useUiStore.getState().bulkAsk({ suggestion, itemIds })
      return true
    }
    if (picked.length > 0) {
      useUiStore.getState().picksCleared()
      item = judged[0] ?? picked[0]
    }
    if (item?.state !== 'done') {
      useUiStore.getState().noticeShown({ key: 'review.notDone' })
      return true
    }
    // Held in main's outbox for the grace period (the undo toast), then sent once; a Block with
    // nothing flagged asks which scene first.
    void decide([item.id], suggestion)
    next()
    return true
  }
}
