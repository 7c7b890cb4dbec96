import type { AddOutcome } from '../../../src-shared/ipc'
import { useUiStore } from '../../stores/ui-store'
import { withReused } from '../toolbar/hygiene-notices'
import { addedNotice } from './add-in-chunks'

/**
 * What the user sees after an add: a priced Green batch above the threshold waits in the
 * confirm dialog; one below it is queued and its cost stays in the status bar. Inputs already in
 * the queue are reused, and the notice says how many ("12 already in the queue").
 */
export function showAddOutcome(outcome: AddOutcome): void {
  const ui = useUiStore.getState()
  if (outcome.kind === 'cancelled') return
  if (outcome.kind === 'confirm') {
    ui.addPriced({ planId: outcome.planId, estimate: outcome.estimate })
    return
  }
  ui.noticeShown(withReused(addedNotice(outcome), outcome))
  if (outcome.estimate.engine === 'green') ui.costShown(outcome.estimate)
}
