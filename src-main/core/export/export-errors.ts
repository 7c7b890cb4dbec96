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
  if (signal?.aborted === true) return appError('CANCELLED', `Export to ${file} was cancelled.`)
  if (error instanceof ItemSourceError) {
    if (isAppError(error.cause)) return error.cause
    return appError('DB', `Could not read the results to export: ${error.message}. Try again.`)
  }
  if (isAppError(error)) return error
  const reason = error instanceof Error ? error.message : String(error)
  return appError(
    'FILE_UNWRITABLE',
    `Could not write ${file}: ${reason}. Check that the folder exists, you may write to it and the disk has room.`,
  )
}
