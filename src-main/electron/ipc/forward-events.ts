import type { BrowserWindow } from 'electron'
import type { EventHub } from '../../core/events/event-hub'

/**
 * Sends AppCore's coalesced events to the window. A window that is gone (closed, crashed,
 * reloading on quit) is skipped: the renderer refetches a snapshot when it comes back.
 */
export function forwardEvents(
  events: Pick<EventHub, 'subscribe'>,
  getWindow: () => BrowserWindow | null,
): () => void {
  return events.subscribe((event, payload) => {
    const window = getWindow()
    if (!window || window.isDestroyed()) return
    const contents = window.webContents
    if (contents.isDestroyed()) return
    contents.send(event, payload)
  })
}
