import { create } from 'zustand'

export interface UiState {
  /** The item the keyboard acts on. */
  selectedId: number | null
  itemSelected: (id: number | null) => void
}

export const useUiStore = create<UiState>()((set) => ({
  selectedId: null,
  itemSelected: (selectedId) => {
    set({ selectedId })
  },
}))
