import { appError, type AppError } from '../../../src-shared/result'

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** A file system failure on one input, as an error the user can act on. */
export function pathError(
  error: unknown,
  path: string,
  what: 'file' | 'folder' | 'list',
): AppError {
  const code = errnoCode(error)
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return appError('FILE_NOT_FOUND', `Nothing found at ${path}. Check the path and try again.`)
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return appError(
      'FILE_UNREADABLE',
      `Permission denied reading the ${what} ${path}. Give your user read access, or leave it out.`,
    )
  }
  if (code === 'EISDIR') {
    return appError(
      'UNSUPPORTED_INPUT',
      `${path} is a folder, not a list file. Give the folder without @ to scan it.`,
    )
  }
  if (code === 'ELOOP') {
    return appError(
      'FILE_NOT_FOUND',
      `${path} is a link that points back to itself. Fix or remove the link.`,
    )
  }
  const reason = error instanceof Error ? error.message : String(error)
  return appError(
    'FILE_UNREADABLE',
    `Could not read the ${what} ${path} (${reason}). Check that it is readable.`,
    code === 'EMFILE' || code === 'ENFILE' || code === 'EBUSY' || code === 'EAGAIN',
  )
}
