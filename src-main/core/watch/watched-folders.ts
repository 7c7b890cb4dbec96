import type { WatchedFolder } from '../../../src-shared/ipc'
import type { WatchService } from './watch-service'

/** The watch list joined with each watcher's live state, as the UI shows it. */
export async function watchedFolders(watch: WatchService): Promise<WatchedFolder[]> {
  const live = new Map(watch.status().map((s) => [s.folderId, s]))
  return (await watch.folders()).map((folder) => {
    const status = live.get(folder.id)
    return {
      id: folder.id,
      path: folder.path,
      enabled: folder.enabled,
      recursive: folder.recursive,
      state: folder.enabled ? (status?.state ?? 'stopped') : 'disabled',
      polling: status?.polling ?? false,
      error: status?.error ?? null,
    }
  })
}
