import type { Language } from '../../src-shared/commands'
import type { Progress } from '../../src-shared/domain'
import type { QueueStatus, WatchedFolder } from '../../src-shared/ipc'
import type { EventHub } from '../core/events/event-hub'

/** What the menu, tray, taskbar and quit question show: one snapshot, updated from core's events. */
export interface ShellStatus {
  readonly progress: Progress
  readonly queue: QueueStatus['state']
  /** Folders switched on in the watch list: while there are any, closing the window keeps the app. */
  readonly watching: number
  readonly language: Language
  /** A reviewer's decision is in its grace period: the menu's Undo can take it back. */
  readonly undoable: boolean
}

/** Images not finished yet: queued or in flight. */
export const pendingOf = (progress: Progress): number => progress.queued + progress.running

export const watchingOf = (folders: readonly WatchedFolder[]): number =>
  folders.filter((folder) => folder.enabled).length

/**
 * Follows core's coalesced events (never per item) and the language, and tells `onChange` when the
 * snapshot changed. The shell's views all read from here, so they never disagree.
 */
export function trackShellStatus(
  events: Pick<EventHub, 'subscribe'>,
  initial: ShellStatus,
  onChange: (status: ShellStatus) => void,
) {
  let current = initial
  const set = (patch: Partial<ShellStatus>) => {
    current = { ...current, ...patch }
    onChange(current)
  }
  const unsubscribe = events.subscribe((event, payload) => {
    // Only the events the shell shows; item deltas and page requests are the renderer's.
    if (event === 'progress:changed') set({ progress: payload as Progress })
    else if (event === 'queue:changed') set({ queue: (payload as QueueStatus).state })
    else if (event === 'watch:changed') set({ watching: watchingOf(payload as WatchedFolder[]) })
    else if (event === 'decisions:changed') {
      const undoable = (payload as { pending: readonly unknown[] }).pending.length > 0
      if (undoable !== current.undoable) set({ undoable })
    }
  })
  return {
    current: () => current,
    languageChanged: (language: Language) => {
      if (language !== current.language) set({ language })
    },
    dispose: unsubscribe,
  }
}
