import { pendingOf, type ShellStatus } from './shell-status'

export type QuitChoice = 'finish' | 'stop' | 'cancel'

export interface BackgroundDeps {
  platform: NodeJS.Platform
  status(): ShellStatus
  /** `app.quit()`: goes through before-quit again, then will-quit closes AppCore. */
  quit(): void
  closeWindows(): void
  /** The "a scan is still running" question (dialog.showMessageBox in the app). */
  askQuit(status: ShellStatus): Promise<QuitChoice>
  /** The once-ever notice that closing the window left Greenlight running in the tray. */
  showBackgroundNotice(status: ShellStatus): void
  /** Whether the tray is wanted may have changed. */
  changed(): void
  /** The user kept the app after all: a quit asked from a closed window must not leave none. */
  cancelled(): void
}

/**
 * When Greenlight runs without its window. Closing the window quits on Windows and Linux unless a
 * folder is watched (the tray keeps it watching) or a batch is finishing in the background; macOS
 * keeps apps without windows alive anyway. Quitting while a batch runs asks: finish in the
 * background, then quit; or stop now, and the queue resumes at the next start.
 */
export class BackgroundMode {
  private finishing = false
  private quitConfirmed = false
  private asking = false

  constructor(private readonly deps: BackgroundDeps) {}

  /** The app has a reason to live without a window: the tray shows while this is true. */
  get keepsRunning(): boolean {
    return this.finishing || this.deps.status().watching > 0
  }

  windowAllClosed(): void {
    if (this.keepsRunning) {
      this.deps.showBackgroundNotice(this.deps.status())
      this.deps.changed()
      return
    }
    if (this.deps.platform !== 'darwin') this.deps.quit()
  }

  /** The user opened the window again: a background finish no longer ends in a quit. */
  windowShown(): void {
    if (!this.finishing) return
    this.finishing = false
    this.deps.changed()
  }

  beforeQuit(event: { preventDefault(): void }): void {
    if (this.quitConfirmed) return
    const status = this.deps.status()
    if (status.queue !== 'running' || pendingOf(status.progress) === 0) {
      this.quitConfirmed = true
      return
    }
    event.preventDefault()
    if (this.asking) return
    this.asking = true
    this.deps
      .askQuit(status)
      .catch((): QuitChoice => 'cancel')
      .then((choice) => {
        this.asking = false
        this.decide(choice)
      })
      .catch(() => undefined)
  }

  /** Called with every status change: a background finish quits once nothing is pending. */
  statusChanged(status: ShellStatus): void {
    if (this.finishing && pendingOf(status.progress) === 0) {
      this.finishing = false
      this.quitConfirmed = true
      this.deps.quit()
    }
  }

  private decide(choice: QuitChoice): void {
    switch (choice) {
      case 'finish':
        this.finishing = true
        this.deps.changed()
        this.deps.closeWindows()
        // It may have ended while the question was open.
        this.statusChanged(this.deps.status())
        break
      case 'stop':
        this.quitConfirmed = true
        this.deps.quit()
        break
      case 'cancel':
        this.deps.cancelled()
        break
    }
  }
}
