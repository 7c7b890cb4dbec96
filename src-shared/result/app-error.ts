import type { ErrorParamsFor } from './error-reasons'

/**
 * Errors are values. Every failure that crosses a layer (IPC, CLI output, a stored item) is an
 * AppError with a code from this closed list, so callers switch on codes instead of parsing text.
 */
/** Problems with the Alibaba Cloud account, which the user fixes in the account's settings. */
export const ACCOUNT_ERROR_CODES = [
  'AUTH_INVALID_KEY',
  'AUTH_SIGNATURE',
  'AUTH_EXPIRED',
  'PERMISSION_DENIED',
  'SERVICE_NOT_ACTIVATED',
  'CREDENTIALS_MISSING',
  'KEYCHAIN_UNAVAILABLE',
] as const

export const ERROR_CODES = [
  // transport and contract
  'VALIDATION',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'INTERNAL',
  'DB',
  // inputs
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'NOT_AN_IMAGE',
  'IMAGE_CORRUPT',
  'IMAGE_TOO_LARGE',
  'UNSUPPORTED_INPUT',
  // network and service
  'NETWORK',
  'TIMEOUT',
  'CANCELLED',
  'THROTTLED',
  'SERVER_ERROR',
  'BAD_REQUEST',
  'DOWNLOAD_FAILED',
  'TASK_EXPIRED',
  'NOT_GREEN_ENDPOINT',
  // account
  ...ACCOUNT_ERROR_CODES,
  // engines
  'SCENE_UNSUPPORTED',
  'ENGINE_FAILED',
  // outputs
  'FILE_UNWRITABLE',
  // exports: the chosen file is one of Greenlight's own (its database, logs, thumbnails...)
  'EXPORT_TARGET_PROTECTED',
  // the data folder (its database): each stops the queue with one message naming the folder
  'STORAGE_FULL',
  'STORAGE_READONLY',
  'STORAGE_CORRUPT',
  'STORAGE_UNAVAILABLE',
  // a FIFO, socket, device or folder where an image file was expected: never opened
  'NOT_A_FILE',
  // the file's bytes are not the ones hashed a moment ago: hashed again and looked up again
  'FILE_CHANGED',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  readonly code: ErrorCode
  /** A sentence a user can act on: what happened and what to do about it. */
  readonly message: string
  /** True when the same call may succeed if tried again later. */
  readonly retryable: boolean
  /**
   * Values a host words the error with in the user's language (the data folder, a size, Green's
   * code), and the `reason` when one code covers several situations (`ERROR_REASONS`). `message`
   * stays the plain English for the CLI and the logs.
   */
  readonly params?: Readonly<Record<string, string>>
}

export function appError<C extends ErrorCode>(
  code: C,
  message: string,
  retryable = false,
  params?: ErrorParamsFor<C>,
): AppError {
  if (params === undefined) return { code, message, retryable }
  const strings: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) strings[key] = String(value)
  return { code, message, retryable, params: strings }
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string' &&
    typeof v.retryable === 'boolean'
  )
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(thrown: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
  if (isAppError(thrown)) return thrown
  // An Error that carries its AppError (thrown through code that only knows Error) keeps it.
  if (thrown instanceof Error && isAppError((thrown as { appError?: unknown }).appError)) {
    return (thrown as Error & { appError: AppError }).appError
  }
  if (thrown instanceof Error) return appError(fallback, thrown.message)
  return appError(fallback, String(thrown))
}
