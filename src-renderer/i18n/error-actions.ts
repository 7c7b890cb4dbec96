import {
  ACCOUNT_ERROR_CODES,
  retryCanFix,
  type AppError,
  type ErrorCode,
} from '../../src-shared/result'
import type { ErrorContext } from './word-error'

/** What the user can do about an error, from where it is shown. */
export type ErrorAction = 'retry' | 'open-settings' | 'show-in-folder'

/** One link of the chain: offers an action for the errors it knows, or passes. */
type ActionRule = (error: AppError, context: ErrorContext) => ErrorAction | undefined

// The account's settings also hold the region and endpoint.
const ACCOUNT: ReadonlySet<ErrorCode> = new Set([...ACCOUNT_ERROR_CODES, 'NOT_GREEN_ENDPOINT'])

// Something about the file itself, which the user fixes in the file manager.
const ABOUT_THE_FILE: ReadonlySet<ErrorCode> = new Set([
  'NOT_A_FILE',
  'FILE_CHANGED',
  'FILE_EMPTY',
  'FILE_UNREADABLE',
  'IMAGE_CORRUPT',
  'IMAGE_TOO_LARGE',
  'NOT_AN_IMAGE',
  'UNSUPPORTED_INPUT',
])

/**
 * The chain, in order (GitHub Desktop's error handlers are the model): each rule may offer one
 * action, so an error gets zero or more. A new action is a new rule, not a new branch elsewhere.
 */
const RULES: readonly ActionRule[] = [
  (error) => (ACCOUNT.has(error.code) ? 'open-settings' : undefined),
  (error, { where, item }) =>
    where === 'item' && item?.sourceKind === 'file' && ABOUT_THE_FILE.has(error.code)
      ? 'show-in-folder'
      : undefined,
  (error, { where, item }) =>
    // The same rule main applies (src-shared/result/retry-can-fix.ts): a missing file may be
    // back, which only main can see, so it is offered and main says if it is not.
    where === 'item' && item?.state === 'failed' && retryCanFix(error) ? 'retry' : undefined,
]

export function errorActions(error: AppError, context: ErrorContext): ErrorAction[] {
  return RULES.map((rule) => rule(error, context)).filter(
    (action): action is ErrorAction => action !== undefined,
  )
}
