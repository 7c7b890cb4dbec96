import { create } from 'zustand'
import type { PendingDecision } from '../../src-shared/domain'

/** Decisions in their grace period, as main last said (decisions:changed): the undo toast. */
export interface DecisionsState {
  pending: readonly PendingDecision[]
  /** When main said it (this page's clock), to count the seconds left down between events. */
  heardAt: number
  decisionsChanged: (pending: readonly PendingDecision[], heardAt?: number) => void
}

export const useDecisionsStore = create<DecisionsState>()((set) => ({
  pending: [],
  heardAt: 0,
  decisionsChanged: (pending, heardAt = Date.now()) => {
    set({ pending, heardAt })
  },
}))
