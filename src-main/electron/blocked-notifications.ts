import { basename } from 'node:path'
import type { WatchEvent, WatchListener } from '../core/watch/watch-service'

export interface NotificationLike {
  show(): void
}

export interface NotifyDeps {
  /** `watch.on` from AppCore's WatchService. */
  subscribe(listener: WatchListener): () => void
  /** `new Notification(options)` in the app; a fake in tests. */
  create(options: { title: string; body: string }): NotificationLike
  supported(): boolean
  /** A burst of blocked photos becomes one notification per window, not one each. */
  windowMs?: number
}

function describeBlocked(event: Extract<WatchEvent, { type: 'blocked' }>): string {
  const why = event.item.results
    .filter((r) => r.suggestion === 'block')
    .map((r) => `${r.scene}: ${r.label}`)
    .join(', ')
  return why ? `${basename(event.item.source)} (${why})` : basename(event.item.source)
}

/**
 * Core emits `blocked` for watched photos when settings ask for it (notifyOnBlock); the shell
 * shows it. The first block in a quiet period is shown at once with its file name; more in the
 * same window are summed up in one follow-up, so a folder of 500 bad photos is one ping, not 500.
 */
export function showBlockedNotifications(deps: NotifyDeps): () => void {
  const windowMs = deps.windowMs ?? 10_000
  let windowOpen = false
  let held = 0
  let timer: NodeJS.Timeout | undefined

  const closeWindow = () => {
    timer = undefined
    if (held > 0) {
      deps
        .create({
          title: 'Greenlight: more images blocked',
          body: `${String(held)} more watched image${held === 1 ? ' was' : 's were'} blocked. Open Greenlight to review them.`,
        })
        .show()
      held = 0
      timer = setTimeout(closeWindow, windowMs)
    } else {
      windowOpen = false
    }
  }

  const unsubscribe = deps.subscribe((event) => {
    if (event.type !== 'blocked' || !deps.supported()) return
    if (windowOpen) {
      held += 1
      return
    }
    windowOpen = true
    deps.create({ title: 'Greenlight: image blocked', body: describeBlocked(event) }).show()
    timer = setTimeout(closeWindow, windowMs)
  })
  return () => {
    unsubscribe()
    clearTimeout(timer)
  }
}
