import type { ProgressBarOptions } from 'electron'
import type { Progress } from '../../src-shared/domain'
import { pendingOf, type ShellStatus } from './shell-status'

export interface ProgressWindow {
  isDestroyed(): boolean
  setProgressBar(progress: number, options?: ProgressBarOptions): void
}

export interface TaskbarDeps {
  getWindow: () => ProgressWindow | null
  /** `app.setBadgeCount`: the dock (macOS) and Unity launchers; a no-op elsewhere. */
  setBadgeCount: (count: number) => void
}

/**
 * How far the current batch is, 0..1, or -1 when nothing is pending. A batch starts when work
 * appears after an idle queue; what was finished before it does not count, so a second batch
 * starts its bar at zero rather than at 90 %.
 */
export function batchFraction(progress: Progress, finishedBefore: number): number {
  const pending = pendingOf(progress)
  if (pending === 0) return -1
  const size = progress.total - finishedBefore
  if (size <= 0) return 0
  return Math.min(1, Math.max(0, (size - pending) / size))
}

/**
 * Taskbar/dock progress while a batch runs (cleared with -1 when it ends), and the count waiting
 * for review on the dock badge. Fed by the coalesced progress events; calls the OS only when what
 * it shows changes (to the percent), never per item.
 */
export function createTaskbarProgress(deps: TaskbarDeps) {
  let finishedBefore: number | null = null
  let shown: { window: ProgressWindow; key: string } | null = null
  let badge: number | null = null

  return (status: ShellStatus) => {
    const { progress } = status
    if (pendingOf(progress) === 0) finishedBefore = null
    else finishedBefore ??= progress.total - pendingOf(progress)
    const fraction = batchFraction(progress, finishedBefore ?? progress.total)
    const value = fraction < 0 ? -1 : Math.round(fraction * 100) / 100
    const mode: ProgressBarOptions['mode'] =
      fraction < 0 ? 'none' : status.queue === 'paused' ? 'paused' : 'normal'
    const window = deps.getWindow()
    const key = `${String(value)} ${mode}`
    // A new window starts with no bar: show it there too.
    if (window && !window.isDestroyed() && (shown?.window !== window || shown.key !== key)) {
      window.setProgressBar(value, { mode })
      shown = { window, key }
    }
    if (progress.review !== badge) {
      badge = progress.review
      deps.setBadgeCount(badge)
    }
  }
}
