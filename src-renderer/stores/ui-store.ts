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

export type QueueLayout = 'list' | 'grid'

/** The grid's tile side in px: 96 to 320 (a page of about 100 to 12 images). */
export const TILE_SIZES = { min: 96, max: 320, step: 8, initial: 160 } as const

/**
 * The queue's layout and tile size are a preference of this window, not state main shares with
 * the CLI, so they persist in the renderer's localStorage rather than in the settings.
 */
const VIEW_KEY = 'greenlight.queue-view'

function readView(): { layout: QueueLayout; tileSize: number } {
  const fallback = { layout: 'list' as const, tileSize: TILE_SIZES.initial }
  try {
    const saved = JSON.parse(localStorage.getItem(VIEW_KEY) ?? 'null') as {
      layout?: unknown
      tileSize?: unknown
    } | null
    const layout = saved?.layout === 'grid' ? 'grid' : 'list'
    const size = typeof saved?.tileSize === 'number' ? saved.tileSize : fallback.tileSize
    return { layout, tileSize: clampTile(size) }
  } catch {
    return fallback
  }
}

function saveView(view: { layout: QueueLayout; tileSize: number }): void {
  try {
    localStorage.setItem(VIEW_KEY, JSON.stringify(view))
  } catch {
    // Storage full or off: the preference lasts this session only.
  }
}

const clampTile = (size: number) =>
  Math.min(TILE_SIZES.max, Math.max(TILE_SIZES.min, Math.round(size)))

export interface UiState {
  /** The queue as rows or as a grid of tiles (`g`); one selection and focus for both. */
  layout: QueueLayout
  tileSize: number
  layoutToggled: () => void
  tileSizeChanged: (size: number) => void
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

export const useUiStore = create<UiState>()((set, get) => ({
  ...readView(),
  layoutToggled: () => {
    const layout = get().layout === 'list' ? 'grid' : 'list'
    set({ layout })
    saveView({ layout, tileSize: get().tileSize })
  },
  tileSizeChanged: (size) => {
    const tileSize = clampTile(size)
    set({ tileSize })
    saveView({ layout: get().layout, tileSize })
  },
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
    set((state) => {
      // A Set, not includes(): Ctrl/Cmd+A adds up to every id of 100,000 at once.
      const known = new Set(state.picked)
      const picked = [...state.picked]
      for (const id of ids) {
        if (known.has(id)) continue
        known.add(id)
        picked.push(id)
      }
      return { picked }
    })
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
