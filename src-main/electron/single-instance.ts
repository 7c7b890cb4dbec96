import type { App, BrowserWindow } from 'electron'

type LockApp = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>

/**
 * One Greenlight per user: two instances would share one SQLite file and race on the scan queue.
 * Returns false in the losing instance, which is already quitting. The winner brings its window
 * forward when someone starts the app again.
 */
export function acquireSingleInstance(
  app: LockApp,
  getWindow: () => BrowserWindow | null,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    const window = getWindow()
    if (!window || window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  return true
}
