import { create } from 'zustand'
import type { Progress } from '../../src-shared/domain'

export interface ProgressState {
  progress: Progress | null
  progressChanged: (progress: Progress) => void
}

export const useProgressStore = create<ProgressState>()((set) => ({
  progress: null,
  progressChanged: (progress) => {
    set({ progress })
  },
}))
