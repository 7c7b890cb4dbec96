import { create } from 'zustand'

/** The loupe's own view state: fitted or 1:1 (`z`). Kept while the focus moves, as in a loupe. */
export const usePreviewStore = create<{ zoomed: boolean; zoomToggled: () => void }>()((set) => ({
  zoomed: false,
  zoomToggled: () => {
    set((state) => ({ zoomed: !state.zoomed }))
  },
}))
