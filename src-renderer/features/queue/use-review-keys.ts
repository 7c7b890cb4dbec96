import type { FeedbackSuggestion } from '../../../src-shared/domain/feedback'
import type { Item } from '../../../src-shared/domain/item'
import { useBridge } from '../../bridge/bridge-context'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'

/**
 * One-key review: `p` passes, `b` blocks the selected item (Green verdicts go to Green as
 * feedback, local ones are kept), then the selection moves on, so a queue is reviewed with
 * j/k and p/b alone. Main does the work; the row updates from its items:changed event.
 */
export function useReviewKeys(next: () => void): (key: string, item: Item | undefined) => boolean {
  const { bridge } = useBridge()
  return (key, item) => {
    const suggestion: FeedbackSuggestion | null =
      key === 'p' ? 'pass' : key === 'b' ? 'block' : null
    if (suggestion === null) return false
    if (item?.state !== 'done') {
      useUiStore.getState().noticeShown({ key: 'review.notDone' })
      return true
    }
    void bridge.invoke('feedback:submit', { itemIds: [item.id], suggestion }).then((result) => {
      if (!result.ok) {
        useAppStore.getState().errorRaised(result.error)
        return
      }
      const outcome = result.value.outcomes[0]
      if (outcome?.error) useAppStore.getState().errorRaised(outcome.error)
      else if (outcome) {
        useUiStore.getState().noticeShown({
          key: outcome.sentToGreen.length > 0 ? 'review.sent' : 'review.kept',
          values: { name: item.source, suggestion: outcome.after ?? suggestion },
        })
      }
    })
    next()
    return true
  }
}
