import { create } from 'zustand'
import type { Scene } from '../../../src-shared/domain'

/** A Block waiting for the reviewer to say which scene (docs/architecture.md §4, "Decisions"). */
export interface SceneAsk {
  readonly itemIds: readonly number[]
  /** The scenes the images with nothing flagged were scanned for: the choices, in API order. */
  readonly scenes: readonly Scene[]
  /** How many of the images have nothing flagged (the others keep their flagged scenes). */
  readonly unflagged: number
}

export interface SceneAskState {
  asked: SceneAsk | null
  sceneAsked: (ask: SceneAsk | null) => void
}

export const useSceneAskStore = create<SceneAskState>()((set) => ({
  asked: null,
  sceneAsked: (asked) => {
    set({ asked })
  },
}))
