import { create } from 'zustand'
import type { CostEstimate } from '../../src-shared/domain/cost-estimate'
import type { MessageKey } from '../i18n/en'

/** A notice kept as words to look up, so it reads in the language chosen after it appeared. */
export interface Notice {
  readonly key: MessageKey
  readonly values?: Readonly<Record<string, string | number>>
  /** More of the same notice, shown after it ("Retrying 8 · 3 cannot be retried: not an image"). */
  readonly also?: readonly Notice[]
}

export interface UiState {
  /** The item the keyboard acts on. */
  selectedId: number | null
  /** Items picked for a bulk decision (x, Shift+j/k, Shift+click, Ctrl/Cmd+A), in pick order. */
  picked: readonly number[]
  pickToggled: (id: number) => void
  picksAdded: (ids: readonly number[]) => void
  picksCleared: () => void
  /** A decision on several images, waiting for the reviewer's yes ("Block 37 images?"). */
  bulkAsked: { suggestion: 'pass' | 'block'; itemIds: readonly number[] } | null
  bulkAsk: (ask: { suggestion: 'pass' | 'block'; itemIds: readonly number[] } | null) => void
  /** The one veiled image shown as it is (`v`); the reveal ends when the selection moves. */
  revealedId: number | null
  revealToggled: (id: number) => void
  /** A short confirmation ("Added 12 to the queue"), shown until the next one. */
  notice: Notice | null
  itemSelected: (id: number | null) => void
  noticeShown: (notice: Notice | null) => void
  /** The settings panel, open at its top or at the account section; null when closed. */
  settingsOpen: 'general' | 'account' | null
  /** A Green add priced above the threshold, waiting for the user's yes. */
  pendingAdd: { planId: string; estimate: CostEstimate } | null
  /** What the last Green add costs, for the status bar. */
  lastCost: CostEstimate | null
  shortcutsOpen: boolean
  /** The loupe beside (or over) the queue, showing the focused item (features/preview/). */
  previewOpen: boolean
  previewToggled: (open?: boolean) => void
  settingsOpened: (section: 'general' | 'account' | null) => void
  addPriced: (pending: { planId: string; estimate: CostEstimate } | null) => void
  costShown: (estimate: CostEstimate | null) => void
  shortcutsToggled: (open: boolean) => void
}

export const useUiStore = create<UiState>()((set) => ({
  selectedId: null,
  revealedId: null,
  picked: [],
  pickToggled: (id) => {
    set((state) => ({
      picked: state.picked.includes(id)
        ? state.picked.filter((p) => p !== id)
        : [...state.picked, id],
    }))
  },
  picksAdded: (ids) => {
    set((state) => ({
      picked: [...state.picked, ...ids.filter((id) => !state.picked.includes(id))],
    }))
  },
  picksCleared: () => {
    set({ picked: [] })
  },
  bulkAsked: null,
  bulkAsk: (bulkAsked) => {
    set({ bulkAsked })
  },
  notice: null,
  itemSelected: (selectedId) => {
    set((state) => ({
      selectedId,
      revealedId: state.revealedId === selectedId ? state.revealedId : null,
    }))
  },
  revealToggled: (id) => {
    set((state) => ({ revealedId: state.revealedId === id ? null : id }))
  },
  noticeShown: (notice) => {
    set({ notice })
  },
  settingsOpen: null,
  pendingAdd: null,
  lastCost: null,
  shortcutsOpen: false,
  previewOpen: false,
  previewToggled: (open) => {
    set((state) => ({ previewOpen: open ?? !state.previewOpen }))
  },
  settingsOpened: (settingsOpen) => {
    set({ settingsOpen })
  },
  addPriced: (pendingAdd) => {
    set({ pendingAdd })
  },
  costShown: (lastCost) => {
    set({ lastCost })
  },
  shortcutsToggled: (shortcutsOpen) => {
    set({ shortcutsOpen })
  },
}))
