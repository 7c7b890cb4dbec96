import type { GreenlightBridge } from '../../../src-shared/ipc'
import { useAppStore } from '../../stores/app-store'
import { useQueueStore } from '../../stores/queue-store'
import { useUiStore } from '../../stores/ui-store'
import { retryNotice } from './hygiene-notices'

/**
 * Queues failed items again (all of them, or one item's own Retry): main queues only the ones a
 * retry can fix, and the notice says how many it did and why it left the others.
 */
export async function retryFailed(
  bridge: Pick<GreenlightBridge, 'invoke'>,
  itemIds?: readonly number[],
): Promise<void> {
  const result = await bridge.invoke(
    'scan:retry-failed',
    itemIds ? { itemIds: [...itemIds] } : undefined,
  )
  if (!result.ok) {
    useAppStore.getState().errorRaised(result.error)
    return
  }
  useQueueStore.getState().queueChanged(result.value.status)
  useUiStore.getState().noticeShown(retryNotice(result.value))
}
