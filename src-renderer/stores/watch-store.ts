import { create } from 'zustand'
import type { WatchedFolder } from '../../src-shared/ipc'

export interface WatchState {
  folders: WatchedFolder[]
  watchChanged: (folders: WatchedFolder[]) => void
}

/** The watched folders as main reports them, with each watcher's live state. */
export const useWatchStore = create<WatchState>()((set) => ({
  folders: [],
  watchChanged: (folders) => {
    set({ folders })
  },
}))
