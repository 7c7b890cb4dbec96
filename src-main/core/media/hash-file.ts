import { createHash } from 'node:crypto'
import { appError, type AppError } from '../../../src-shared/result'
import { hashRegularFile, type OpenLimits } from './open-regular-file'

/** A file that could not be hashed, with the reason as an AppError (NOT_A_FILE, FILE_NOT_FOUND…). */
export class FileReadError extends Error {
  constructor(readonly error: AppError) {
    super(error.message)
    this.name = 'FileReadError'
  }
}

/**
 * sha256 of a regular file's bytes, streamed: a 2 GB file costs one small buffer. Anything else
 * (a FIFO, a folder) is refused without being opened; a read can be cancelled and never hangs.
 * Throws a FileReadError, for callers that only want a hash or nothing.
 */
export async function sha256File(
  path: string,
  signal?: AbortSignal,
  limits: Omit<OpenLimits, 'signal'> = {},
): Promise<string> {
  const hashed = await hashRegularFile(path, { ...limits, ...(signal ? { signal } : {}) })
  if (!hashed.ok) throw new FileReadError(hashed.error)
  return hashed.value
}

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The bytes an engine read are not the ones the caller hashed: nothing was judged. Retryable, so
 * the item is hashed again, looked up in the cache again, and its new content judged.
 */
export function fileChangedError(name: string): AppError {
  return appError(
    'FILE_CHANGED',
    `${name} changed while it was being scanned: its new content is hashed and judged instead.`,
    true,
    { name },
  )
}
