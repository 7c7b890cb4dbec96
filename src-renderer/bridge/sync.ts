import type { ItemFilter, ItemSort } from '../../src-shared/domain'
import type { GreenlightBridge } from '../../src-shared/ipc'
import type { AppError } from '../../src-shared/result'
import { runCommand } from '../commands/command-bus'
import { useAppStore } from '../stores/app-store'
import { useItemsStore, type ItemsDelta } from '../stores/items-store'
import { useDecisionsStore } from '../stores/decisions-store'
import { useProgressStore } from '../stores/progress-store'
import { useQueueStore } from '../stores/queue-store'
import { useUiStore } from '../stores/ui-store'
import { useWatchStore } from '../stores/watch-store'

export const PAGE_SIZE = 200

export interface Sync {
  /** Subscribes to events, then loads the first snapshot. Returns the unsubscribe. */
  start(): () => void
  /** Loads a fresh first page for a new filter. */
  setFilter(filter: ItemFilter): Promise<void>
  /** Loads a fresh first page in another order. */
  setSort(sort: ItemSort): Promise<void>
  /** Appends the next page. */
  loadMore(): Promise<void>
}

/**
 * The one module that turns bridge events into store actions (docs/architecture.md §3, §6).
 * Subscribe first, then snapshot: deltas that arrive while a snapshot is in flight are buffered
 * and replayed on top of it, and the store drops any at or below the snapshot's revision.
 * Revisions are positions in the change feed every process writes to, so changes made by another
 * process (a `greenlight scan` in a terminal) arrive here as deltas too.
 */
export function createSync(bridge: GreenlightBridge): Sync {
  let loading = 0
  let buffered: ItemsDelta[] = []
  const reportError = (error: AppError) => {
    useAppStore.getState().errorRaised(error)
  }

  const onDelta = (delta: ItemsDelta) => {
    if (loading > 0) buffered.push(delta)
    else useItemsStore.getState().itemsChanged(delta)
  }

  async function loadPage(offset: number, mode: 'replace' | 'append'): Promise<void> {
    loading += 1
    try {
      const { filter, sort } = useItemsStore.getState()
      const result = await bridge.invoke('items:list', { offset, limit: PAGE_SIZE, filter, sort })
      // A newer filter or order may have been chosen while this page was in flight.
      const now = useItemsStore.getState()
      if (filter !== now.filter || sort !== now.sort) return
      if (result.ok) useItemsStore.getState().snapshotLoaded(result.value, mode)
      else reportError(result.error)
    } finally {
      loading -= 1
      if (loading === 0) {
        const replay = buffered
        buffered = []
        for (const delta of replay) useItemsStore.getState().itemsChanged(delta)
      }
    }
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
      void loadPage(0, 'replace')
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
      useItemsStore.getState().filterChanged(filter)
      await loadPage(0, 'replace')
    },
    async setSort(sort) {
      useItemsStore.getState().sortChanged(sort)
      await loadPage(0, 'replace')
    },
    async loadMore() {
      await loadPage(useItemsStore.getState().order.length, 'append')
    },
  }
}
