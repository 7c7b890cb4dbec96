import type { App } from 'electron'

type LockApp = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>

/**
 * One Greenlight per user: two instances would share one SQLite file and race on the scan queue.
 * Returns false in the losing instance, which is already quitting. The winner brings its window
 * forward (opening it again when only the tray was left) when someone starts the app again.
 */
export function acquireSingleInstance(app: LockApp, showWindow: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', showWindow)
  return true
}
