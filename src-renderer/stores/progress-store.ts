import { create } from 'zustand'
import type { Progress } from '../../src-shared/domain'
import {
  addSample,
  paceOf,
  remainingOf,
  settledOf,
  type Pace,
  type PaceSample,
} from '../features/status/batch-pace'

export interface ProgressState {
  progress: Progress | null
  /** The batch under way: images per second and time left, from recent progress; else null. */
  pace: Pace | null
  samples: readonly PaceSample[]
  progressChanged: (progress: Progress, at?: number) => void
}

export const useProgressStore = create<ProgressState>()((set, get) => ({
  progress: null,
  pace: null,
  samples: [],
  progressChanged: (progress, at = Date.now()) => {
    const remaining = remainingOf(progress)
    if (remaining <= 0) {
      set({ progress, pace: null, samples: [] })
      return
    }
    const samples = addSample(get().samples, { at, settled: settledOf(progress) })
    set({ progress, samples, pace: paceOf(samples, remaining) })
  },
}))
