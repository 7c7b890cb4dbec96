import type { ErrorCode } from './app-error'

/**
 * The distinct situations one error code covers, so a host can word each (docs/architecture.md
 * §3). A closed list per code: an error of that code carries one of them as its `reason` param.
 * Codes without an entry are worded the same whatever happened.
 */
export const ERROR_REASONS = {
  FILE_NOT_FOUND: ['gone', 'missing', 'link-loop', 'watch-folder'],
  FILE_UNREADABLE: ['permission', 'io', 'hung', 'stdin', 'watch-limit', 'upload-digest'],
  FILE_EMPTY: ['file', 'stdin'],
  NOT_AN_IMAGE: ['content', 'green-format'],
  IMAGE_CORRUPT: ['damaged', 'green-frames'],
  IMAGE_TOO_LARGE: ['pixels', 'bytes', 'green'],
  UNSUPPORTED_INPUT: [
    'folder',
    'not-regular',
    'encoding',
    'list-is-folder',
    'stdin-terminal',
    'stdin-here',
    'stdin-twice',
    'watch-file',
    'no-file-manager',
    'input',
    'url-offline',
  ],
  NOT_A_FILE: ['folder', 'pipe', 'socket', 'device', 'other'],
  NETWORK: ['unreachable', 'failed'],
  SERVER_ERROR: ['temporary', 'unavailable', 'unexpected'],
  BAD_REQUEST: ['invalid', 'missing-parameter', 'unexpected'],
  DOWNLOAD_FAILED: [
    'unsafe-url',
    'not-downloadable',
    'slow',
    'hotlink',
    'not-found',
    'upload-lost',
  ],
  NOT_GREEN_ENDPOINT: ['api', 'bucket'],
  AUTH_INVALID_KEY: ['unknown-id', 'disabled', 'bad-token', 'token-mismatch'],
  AUTH_SIGNATURE: ['signature', 'no-header', 'nonce', 'date'],
  AUTH_EXPIRED: ['token', 'clock', 'upload-token'],
  PERMISSION_DENIED: ['ram', 'oss', 'refused'],
  CREDENTIALS_MISSING: ['no-account', 'profile-secret', 'feedback'],
  KEYCHAIN_UNAVAILABLE: ['timeout', 'locked', 'no-service', 'module', 'refused'],
  ENGINE_FAILED: ['no-answer', 'crashed', 'model'],
  FILE_UNWRITABLE: ['temp-dir', 'export'],
  NOT_FOUND: [
    'profile',
    'watch-folder',
    'add-expired',
    'export',
    'file',
    'scanned-image',
    'decision',
  ],
  // A reviewer's decision that cannot be made or undone as asked (feedback/decision-service.ts).
  VALIDATION: ['choose-scene', 'already-passes', 'decision-sent', 'decision-sending'],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>

type Reasons = typeof ERROR_REASONS

/** The reasons one code may carry (never, for a code worded one way). */
export type ErrorReason<C extends ErrorCode> = C extends keyof Reasons ? Reasons[C][number] : never

/**
 * The params a host may word an error with. Every value is a string on the wire (it crosses IPC
 * and is stored as JSON); numbers are turned into strings when the error is made.
 */
export const ERROR_PARAM_NAMES = [
  // what the error is about
  'name',
  'path',
  'folder',
  'file',
  'profile',
  // figures
  'width',
  'height',
  'megapixels',
  'limit',
  'seconds',
  'retryAfter',
  // Green's answer (docs/green-api.md §4)
  'greenCode',
  'httpStatus',
  'requestId',
  // a system code (ENOENT, ECONNRESET) or another detail kept in its own words
  'detail',
  // a decision's "which scene?": the scenes its unflagged images were scanned for, and how many
  'scenes',
  'count',
] as const
export type ErrorParamName = (typeof ERROR_PARAM_NAMES)[number]

/** What an error of code C may carry: its reason, and any named params. */
export type ErrorParamsFor<C extends ErrorCode> = Partial<
  Record<ErrorParamName, string | number>
> & {
  readonly reason?: ErrorReason<C>
}

export function reasonsOf(code: ErrorCode): readonly string[] {
  return (ERROR_REASONS as Partial<Record<ErrorCode, readonly string[]>>)[code] ?? []
}
