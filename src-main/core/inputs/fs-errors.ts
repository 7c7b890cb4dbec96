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
    return appError(
      'FILE_NOT_FOUND',
      `Nothing found at ${path}. Check the path and try again.`,
      false,
      { reason: 'missing', path },
    )
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return appError(
      'FILE_UNREADABLE',
      `Permission denied reading the ${what} ${path}. Give your user read access, or leave it out.`,
      false,
      { reason: 'permission', path, name: path },
    )
  }
  if (code === 'EISDIR') {
    return appError(
      'UNSUPPORTED_INPUT',
      `${path} is a folder, not a list file. Give the folder without @ to scan it.`,
      false,
      { reason: 'list-is-folder', path },
    )
  }
  if (code === 'ELOOP') {
    return appError(
      'FILE_NOT_FOUND',
      `${path} is a link that points back to itself. Fix or remove the link.`,
      false,
      { reason: 'link-loop', path },
    )
  }
  const reason = error instanceof Error ? error.message : String(error)
  return appError(
    'FILE_UNREADABLE',
    `Could not read the ${what} ${path} (${reason}). Check that it is readable.`,
    code === 'EMFILE' || code === 'ENFILE' || code === 'EBUSY' || code === 'EAGAIN',
    { reason: 'io', path, name: path, detail: code ?? reason },
  )
}
