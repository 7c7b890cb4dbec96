import type { AppError, ErrorCode } from './app-error'

/**
 * Failures a retry cannot fix: the bytes themselves are the problem (empty, not an image, too
 * large, damaged, an unsupported input or scene, a request Green refuses as such), so the same
 * file fails the same way however often it is sent. The user fixes the file and adds it again
 * (docs/architecture.md §4, "Keeping the queue clean").
 */
const NEVER_FIXED_BY_RETRY: ReadonlySet<ErrorCode> = new Set([
  'FILE_EMPTY',
  'NOT_AN_IMAGE',
  'IMAGE_CORRUPT',
  'IMAGE_TOO_LARGE',
  'UNSUPPORTED_INPUT',
  'NOT_A_FILE',
  'SCENE_UNSUPPORTED',
  'BAD_REQUEST',
  'VALIDATION',
])

/**
 * Whether queuing a failed item again can end differently: everything else (the network, Green,
 * the account once fixed, a busy disk, a file back in place) can. An error flagged retryable is
 * always worth another try; a URL Greenlight refuses to fetch never is. A missing file is
 * retried only when it is back, which only main can see: `fileIsBack` says so (hosts without the
 * disk pass nothing and offer the retry).
 */
export function retryCanFix(error: AppError | null, fileIsBack = true): boolean {
  if (error === null || error.retryable) return true
  if (error.code === 'DOWNLOAD_FAILED') return error.params?.reason !== 'unsafe-url'
  if (error.code === 'FILE_NOT_FOUND') return fileIsBack
  return !NEVER_FIXED_BY_RETRY.has(error.code)
}
