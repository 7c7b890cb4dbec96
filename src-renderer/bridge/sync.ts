import type { ItemFilter, ItemSort } from '../../src-shared/domain'
import type { GreenlightBridge } from '../../src-shared/ipc'
import type { AppError } from '../../src-shared/result'
import { runCommand } from '../commands/command-bus'
import { useAppStore } from '../stores/app-store'
import { PAGE_SIZE, useItemsStore, type ItemsDelta } from '../stores/items-store'
import { useDecisionsStore } from '../stores/decisions-store'
import { useProgressStore } from '../stores/progress-store'
import { useQueueStore } from '../stores/queue-store'
import { useUiStore } from '../stores/ui-store'
import { useWatchStore } from '../stores/watch-store'

/** How long the loaded pages wait after a delta that moved items before they are read again. */
export const RELOAD_DELAY_MS = 300

/** Pages kept on each side of the visible range; farther ones are evicted (heap bound). */
const KEEP_PAGES = 2

export interface Sync {
  /** Subscribes to events, then loads the first snapshot. Returns the unsubscribe. */
  start(): () => void
  /** Shows a new filter from its first page (other pages as the view asks for them). */
  setFilter(filter: ItemFilter): Promise<void>
  /** Shows another order from its first page. */
  setSort(sort: ItemSort): Promise<void>
  /**
   * The view shows rows [start, end) (overscan included): loads the pages they need, and evicts
   * pages far from them.
   */
  showRange(start: number, end: number): void
  /** Every id the filter matches, in order (Ctrl/Cmd+A), with the revision they were read at. */
  allIds(): Promise<readonly number[]>
}

const pageOf = (index: number) => Math.floor(index / PAGE_SIZE)

/**
 * The one module that turns bridge events into store actions (docs/architecture.md §3, §6).
 * Subscribe first, then snapshot: deltas that arrive while pages are in flight are buffered;
 * when a page arrives, the buffered deltas it already includes are applied first (to the other
 * pages), then the page, and the newer ones after the last page, so the view moves through
 * revisions in order. A page older than the view is asked for again.
 * Revisions are positions in the change feed every process writes to, so changes made by another
 * process (a `greenlight scan` in a terminal) arrive here as deltas too.
 *
 * The view is a sparse window over the filter's `total` items (stores/items-store.ts): the pages
 * the view shows are fetched by offset, one batch in flight at a time (dragging the scrollbar
 * to the end asks only for where it stops), and far pages are forgotten.
 */
export function createSync(bridge: GreenlightBridge): Sync {
  let loading = 0
  let buffered: ItemsDelta[] = []
  /** Pages asked for, by query and page index, so one is never asked for twice at once. */
  const inFlight = new Set<string>()
  let wanted: { start: number; end: number } = { start: 0, end: PAGE_SIZE }
  let reloadTimer: ReturnType<typeof setTimeout> | null = null
  /** The rows kept last time (the rest were evicted). */
  let kept = { from: 0, to: 0, query: -1 }
  const reportError = (error: AppError) => {
    useAppStore.getState().errorRaised(error)
  }
  const items = () => useItemsStore.getState()

  const onDelta = (delta: ItemsDelta) => {
    if (loading > 0) buffered.push(delta)
    else items().itemsChanged(delta)
    scheduleReload()
  }

  /** Moved items are placed by main: the loaded pages are read again, once things settle. */
  function scheduleReload(): void {
    if (!items().stale || reloadTimer !== null) return
    reloadTimer = setTimeout(() => {
      reloadTimer = null
      items().staleCleared()
      void loadPages(wanted.start, wanted.end, true)
    }, RELOAD_DELAY_MS)
  }

  async function loadPage(page: number, again: boolean): Promise<void> {
    const { filter, sort, query } = items()
    const key = `${String(query)}:${String(page)}`
    if (inFlight.has(key)) return
    inFlight.add(key)
    loading += 1
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const offset = page * PAGE_SIZE
        const result = await bridge.invoke('items:list', { offset, limit: PAGE_SIZE, filter, sort })
        // A newer filter or order may have been chosen while this page was in flight.
        if (items().query !== query) return
        if (!result.ok) {
          reportError(result.error)
          return
        }
        const newer = buffered.filter((d) => d.revision > result.value.revision)
        for (const delta of buffered)
          if (delta.revision <= result.value.revision) items().itemsChanged(delta)
        buffered = newer
        if (items().pageLoaded(offset, result.value)) return
        // The view is newer than this page: a page older than it would undo deltas.
        if (!again) return
      }
    } finally {
      inFlight.delete(key)
      loading -= 1
      if (loading === 0) {
        const replay = buffered
        buffered = []
        for (const delta of replay) items().itemsChanged(delta)
        scheduleReload()
      }
    }
  }

  /** Loads the pages of [start, end) that have a row missing (all of them with `reload`). */
  async function loadPages(start: number, end: number, reload = false): Promise<void> {
    const { slots, total } = items()
    const last = Math.max(0, Math.min(end, total) - 1)
    const pages: Promise<void>[] = []
    for (let page = pageOf(start); page <= pageOf(last); page++) {
      const from = page * PAGE_SIZE
      const missing = reload || slots.slice(from, Math.min(from + PAGE_SIZE, total)).includes(null)
      if (missing || total === 0) pages.push(loadPage(page, true))
    }
    await Promise.all(pages)
  }

  let batch: Promise<void> | null = null
  /** One batch of pages in flight: a range asked for meanwhile is loaded when it lands. */
  function follow(): void {
    if (batch) return
    const { start, end } = wanted
    batch = loadPages(start, end).finally(() => {
      batch = null
      if (wanted.start !== start || wanted.end !== end) follow()
    })
  }

  /** The default engine follows the settings and the account, so the info is read again. */
  async function reloadInfo(): Promise<void> {
    const info = await bridge.invoke('app:get-info')
    if (info.ok) useAppStore.getState().infoChanged(info.value)
  }

  async function loadApp(): Promise<void> {
    const [info, settings, credentials, progress, queue, watched] = await Promise.all([
      bridge.invoke('app:get-info'),
      bridge.invoke('settings:get'),
      bridge.invoke('credentials:status'),
      bridge.invoke('progress:get'),
      bridge.invoke('queue:get'),
      bridge.invoke('watch:list'),
    ])
    // A page that reloads mid-grace still offers the undo.
    void bridge.invoke('decisions:list-pending').then((pending) => {
      if (pending.ok) useDecisionsStore.getState().decisionsChanged(pending.value.pending)
    })
    if (watched.ok) useWatchStore.getState().watchChanged(watched.value)
    if (progress.ok) useProgressStore.getState().progressChanged(progress.value)
    if (queue.ok) useQueueStore.getState().queueChanged(queue.value)
    if (info.ok && settings.ok && credentials.ok) {
      useAppStore.getState().appLoaded(info.value, settings.value, credentials.value)
    } else {
      for (const r of [info, settings, credentials]) if (!r.ok) reportError(r.error)
    }
  }

  return {
    start() {
      const offItems = bridge.on('items:changed', onDelta)
      const offProgress = bridge.on('progress:changed', (p) => {
        useProgressStore.getState().progressChanged(p)
      })
      // Whoever changed them (this page, another window, a terminal), the page shows what is saved.
      const offSettings = bridge.on('settings:changed', (settings) => {
        // While this page saves, its own reply is newer than any echo (use-patch-settings.ts).
        if (useAppStore.getState().settingsSaving === 0) {
          useAppStore.getState().settingsChanged(settings)
        }
        void reloadInfo()
      })
      const offDecisions = bridge.on('decisions:changed', ({ pending }) => {
        useDecisionsStore.getState().decisionsChanged(pending)
      })
      const offCredentials = bridge.on('credentials:changed', (credentials) => {
        useAppStore.getState().credentialsChanged(credentials)
        void reloadInfo()
      })
      void loadApp()
      void loadPage(0, true)
      const offQueue = bridge.on('queue:changed', (status) => {
        useQueueStore.getState().queueChanged(status)
      })
      const offWatch = bridge.on('watch:changed', (folders) => {
        useWatchStore.getState().watchChanged(folders)
      })
      // The application menu and the tray live in main: their commands run here like a click.
      const offCommand = bridge.on('command:run-requested', ({ command }) => {
        runCommand(command)
      })
      // A click on a "blocked" notification: main shows the window, the page selects the image.
      const offFocus = bridge.on('items:focus-requested', ({ itemId }) => {
        useUiStore.getState().itemSelected(itemId)
      })
      return () => {
        offFocus()
        offItems()
        offProgress()
        offQueue()
        offWatch()
        offSettings()
        offCredentials()
        offDecisions()
        offCommand()
      }
    },
    async setFilter(filter) {
      items().filterChanged(filter)
      await loadPage(0, true)
      follow()
    },
    async setSort(sort) {
      items().sortChanged(sort)
      await loadPage(0, true)
      follow()
    },
    showRange(start, end) {
      wanted = { start, end }
      // Evicts only when the kept pages change (every PAGE_SIZE rows), not on every frame.
      const margin = KEEP_PAGES * PAGE_SIZE
      const from = pageOf(Math.max(0, start - margin)) * PAGE_SIZE
      const to = (pageOf(end + margin) + 1) * PAGE_SIZE
      if (from !== kept.from || to !== kept.to || kept.query !== items().query) {
        kept = { from, to, query: items().query }
        items().windowKept(from, to)
      }
      follow()
    },
    async allIds() {
      const { filter, sort } = items()
      const result = await bridge.invoke('items:ids', { filter, sort })
      if (result.ok) return result.value.ids
      reportError(result.error)
      return []
    },
  }
}
