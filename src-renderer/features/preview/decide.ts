import type { FeedbackSuggestion, Scene } from '../../../src-shared/domain'
import type { GreenlightBridge } from '../../../src-shared/ipc/bridge'
import { useAppStore } from '../../stores/app-store'

/**
 * A decision from the preview: the whole image (its flagged scenes, as `p`/`b` do), or one scene
 * (scene by scene). Held in main's outbox for the grace period, then sent; the item updates from
 * its items:changed event.
 */
export function decide(
  bridge: GreenlightBridge,
  itemId: number,
  suggestion: FeedbackSuggestion,
  scene?: Scene,
): void {
  const request = { itemIds: [itemId], suggestion, ...(scene ? { scenes: [scene] } : {}) }
  void bridge.invoke('decisions:make', request).then((result) => {
    if (!result.ok) useAppStore.getState().errorRaised(result.error)
  })
}
