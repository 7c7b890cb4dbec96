import { basename } from 'node:path'
import type { Language } from '../../src-shared/commands'
import type { WatchEvent, WatchListener } from '../core/watch/watch-service'
import { shellText } from './shell-strings'

export interface NotificationLike {
  show(): void
  on(event: 'click', listener: () => void): unknown
}

export interface NotifyDeps {
  /** `watch.on` from AppCore's WatchService. */
  subscribe(listener: WatchListener): () => void
  /** `new Notification(options)` in the app; a fake in tests. */
  create(options: { title: string; body: string }): NotificationLike
  supported(): boolean
  /** A burst of blocked photos becomes one notification per window, not one each. */
  windowMs?: number
  /** A click: the blocked item's id, or null for the summary of a burst. */
  onClick?: (itemId: number | null) => void
  /** The user's language (settings.language) at the time of the notification; English if unset. */
  language?: () => Language
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
  const language = () => deps.language?.() ?? 'en'
  let windowOpen = false
  let held = 0
  let timer: NodeJS.Timeout | undefined
  // Electron drops a notification's click handler once the object is garbage collected: keep the
  // last few alive so a click minutes later still opens the image.
  const alive: NotificationLike[] = []
  const show = (options: { title: string; body: string }, itemId: number | null) => {
    const notification = deps.create(options)
    notification.on('click', () => deps.onClick?.(itemId))
    alive.push(notification)
    if (alive.length > 10) alive.shift()
    notification.show()
  }

  const closeWindow = () => {
    timer = undefined
    if (held > 0) {
      show(
        {
          title: shellText(language(), 'blockedMoreTitle'),
          body: shellText(language(), held === 1 ? 'blockedMoreOne' : 'blockedMoreMany', {
            count: held,
          }),
        },
        null,
      )
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
    show(
      { title: shellText(language(), 'blockedTitle'), body: describeBlocked(event) },
      event.item.id,
    )
    timer = setTimeout(closeWindow, windowMs)
  })
  return () => {
    unsubscribe()
    clearTimeout(timer)
  }
}
