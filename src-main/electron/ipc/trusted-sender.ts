import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import { isTrustedUrl } from '../origins'

/** The fields of an invoke event the check reads; Electron passes the full event. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>
export type SenderCheck = (event: SenderEvent) => boolean

/**
 * Only our main window's top frame, showing one of our origins, may call main. A subframe, a
 * different webContents, or a page that navigated elsewhere is refused, whatever it sends.
 */
export function createSenderCheck(
  getWindow: () => BrowserWindow | null,
  origins: ReadonlySet<string>,
): SenderCheck {
  return (event) => {
    try {
      const window = getWindow()
      if (!window || window.isDestroyed()) return false
      const contents = window.webContents
      if (event.sender !== contents || contents.isDestroyed()) return false
      const frame = event.senderFrame
      if (!frame || frame.isDestroyed()) return false
      const main = contents.mainFrame
      const isMainFrame =
        frame.parent === null &&
        frame.processId === main.processId &&
        frame.routingId === main.routingId
      return isMainFrame && isTrustedUrl(frame.url, origins)
    } catch {
      // A frame torn down mid-check throws on access: treat it as untrusted.
      return false
    }
  }
}
