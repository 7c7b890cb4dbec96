import { useCallback } from 'react'
import { SCENES, type FeedbackSuggestion, type Scene } from '../../../src-shared/domain'
import type { GreenlightBridge } from '../../../src-shared/ipc'
import type { AppError } from '../../../src-shared/result'
import { useBridge } from '../../bridge/bridge-context'
import { useAppStore } from '../../stores/app-store'
import { useSceneAskStore, type SceneAsk } from './scene-ask-store'

/** What the reviewer answered to "which scene?", if anything. */
export type SceneAnswer = { scenes: Scene[] } | { unflaggedScenes: Scene[] }

/**
 * The one way the renderer makes a decision (a key, a button, a bulk confirm, the preview): main
 * records it in its outbox. A Block that meets an image with nothing flagged comes back as
 * `choose-scene` with nothing recorded; then the reviewer is asked once which scene, for every
 * such image in the decision (scene-picker.tsx), and the answer makes the decision. Resolves to
 * whether a decision was made now.
 */
export async function decide(
  bridge: GreenlightBridge,
  itemIds: readonly number[],
  suggestion: FeedbackSuggestion,
  answer?: SceneAnswer,
): Promise<boolean> {
  const result = await bridge.invoke('decisions:make', {
    itemIds: [...itemIds],
    suggestion,
    ...answer,
  })
  if (result.ok) return true
  const ask = sceneAskOf(result.error, itemIds)
  if (ask !== null && answer === undefined) useSceneAskStore.getState().sceneAsked(ask)
  else useAppStore.getState().errorRaised(result.error)
  return false
}

/** `decide` bound to this window's bridge. */
export function useDecide(): (
  itemIds: readonly number[],
  suggestion: FeedbackSuggestion,
  answer?: SceneAnswer,
) => Promise<boolean> {
  const { bridge } = useBridge()
  return useCallback(
    (itemIds, suggestion, answer) => decide(bridge, itemIds, suggestion, answer),
    [bridge],
  )
}

/** The question a `choose-scene` error asks, with main's list of the scenes to offer. */
export function sceneAskOf(error: AppError, itemIds: readonly number[]): SceneAsk | null {
  if (error.code !== 'VALIDATION' || error.params?.reason !== 'choose-scene') return null
  const named = (error.params.scenes ?? '').split(',')
  const scenes = SCENES.filter((scene) => named.includes(scene))
  const unflagged = Number(error.params.count ?? itemIds.length)
  return {
    itemIds,
    // An older main names none: every scene is a fair question then.
    scenes: scenes.length > 0 ? scenes : [...SCENES],
    unflagged: Number.isInteger(unflagged) && unflagged > 0 ? unflagged : itemIds.length,
  }
}

/** How the answer is sent: one image names its scene; many give it to the unflagged ones only. */
export function answerFor(ask: SceneAsk, scene: Scene): SceneAnswer {
  return ask.itemIds.length === 1 ? { scenes: [scene] } : { unflaggedScenes: [scene] }
}
