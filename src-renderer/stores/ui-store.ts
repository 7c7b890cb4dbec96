import { create } from 'zustand'

export interface UiState {
  /** The item the keyboard acts on. */
  selectedId: number | null
  /** A short confirmation ("Added 12 to the queue"), shown until the next one. */
  notice: string | null
  itemSelected: (id: number | null) => void
  noticeShown: (notice: string | null) => void
}

export const useUiStore = create<UiState>()((set) => ({
  selectedId: null,
  notice: null,
  itemSelected: (selectedId) => {
    set({ selectedId })
  },
  noticeShown: (notice) => {
    set({ notice })
  },
}))
