import type { NoDecisionScenes } from '../../../src-shared/domain'
import { appError, type AppError } from '../../../src-shared/result'

/** Why no scene could be decided on an image, as the error a host words ("which scene?"). */
export function noScenesError(reason: NoDecisionScenes): AppError {
  return reason === 'choose-scene'
    ? appError(
        'VALIDATION',
        'Nothing was flagged on this image: name the scene to block (the CLI: --scenes).',
        false,
        {
          reason,
        },
      )
    : appError('VALIDATION', 'Nothing is flagged on this image: it already passes.', false, {
        reason,
      })
}
