import type { AddOutcome } from '../../../src-shared/ipc'
import { useUiStore } from '../../stores/ui-store'
import { addedNotice } from './add-in-chunks'

/**
 * What the user sees after an add: a priced Green batch above the threshold waits in the
 * confirm dialog; one below it is queued and its cost stays in the status bar.
 */
export function showAddOutcome(outcome: AddOutcome): void {
  const ui = useUiStore.getState()
  if (outcome.kind === 'cancelled') return
  if (outcome.kind === 'confirm') {
    ui.addPriced({ planId: outcome.planId, estimate: outcome.estimate })
    return
  }
  ui.noticeShown(addedNotice(outcome))
  if (outcome.estimate.engine === 'green') ui.costShown(outcome.estimate)
}
