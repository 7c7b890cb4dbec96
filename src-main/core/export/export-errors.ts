import { appError, isAppError, type AppError } from '../../../src-shared/result'

/** Thrown inside an export's item source so a read failure is told apart from a write failure. */
export class ItemSourceError extends Error {
  override readonly name = 'ItemSourceError'
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
  }
}

/** Wraps an item source so anything it throws is tagged as a read failure. */
export async function* tagSourceErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source
  } catch (error) {
    throw new ItemSourceError(error)
  }
}

/** Turns whatever stopped an export into an AppError a user can act on. */
export function exportError(error: unknown, file: string, signal?: AbortSignal): AppError {
  if (signal?.aborted === true) {
    return appError('CANCELLED', `Export to ${file} was cancelled.`, false, { file })
  }
  if (error instanceof ItemSourceError) {
    if (isAppError(error.cause)) return error.cause
    return appError(
      'DB',
      `Could not read the results to export: ${error.message}. Try again.`,
      false,
      {
        detail: error.message,
      },
    )
  }
  if (isAppError(error)) return error
  return appError(
    'FILE_UNWRITABLE',
    `Could not write ${file}: ${writeReason(error)}. Check that the folder exists, you may write there, the file is not open in another program (such as Excel) and the disk has room.`,
    false,
    { reason: 'export', file, detail: writeReason(error) },
  )
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied, or the file is in use',
  EBUSY: 'the file is in use',
  EISDIR: 'that is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
}

function writeReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  const known = typeof code === 'string' ? REASONS[code] : undefined
  if (known !== undefined) return known
  return error instanceof Error ? error.message : String(error)
}
