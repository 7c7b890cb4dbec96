import { create } from 'zustand'
import type { QueueStatus } from '../../src-shared/ipc'

export interface QueueState {
  status: QueueStatus | null
  queueChanged: (status: QueueStatus) => void
}

/** The scan queue as main reports it: running, idle, or paused (by the user or by an error). */
export const useQueueStore = create<QueueState>()((set) => ({
  status: null,
  queueChanged: (status) => {
    set({ status })
  },
}))
