import { SCENES, type Item, type NoDecisionScenes } from '../../../src-shared/domain'
import { appError, type AppError } from '../../../src-shared/result'

/**
 * Why no scene could be decided on an image, as the error a host words ("which scene?"). For
 * `choose-scene`, `scenes` lists the scenes the unflagged images were scanned for (comma
 * separated), the host's choices, and `count` how many images need the answer.
 */
export function noScenesError(reason: NoDecisionScenes, unflagged: readonly Item[] = []): AppError {
  if (reason === 'already-passes')
    return appError('VALIDATION', 'Nothing is flagged on this image: it already passes.', false, {
      reason,
    })
  const scanned = new Set(unflagged.flatMap((item) => item.results.map((r) => r.scene)))
  return appError(
    'VALIDATION',
    'Nothing was flagged on this image: name the scene to block (the CLI: --scenes).',
    false,
    unflagged.length === 0
      ? { reason }
      : { reason, scenes: SCENES.filter((s) => scanned.has(s)).join(','), count: unflagged.length },
  )
}
