import { appError, type AppError } from '../../../src-shared/result'
import { tooManyPixelsError } from './image-size-policy'

/** Per-item errors for pre-flight checks: each message says what happened and what to do. */
export function fileSystemError(name: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return appError(
      'FILE_NOT_FOUND',
      `${name} does not exist any more (moved or deleted after it was added). Check the path and add it again.`,
      false,
      { reason: 'gone', name },
    )
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return appError(
      'FILE_UNREADABLE',
      `${name} cannot be read (permission denied). Fix its permissions, then retry the item.`,
      false,
      { reason: 'permission', name },
    )
  }
  return appError(
    'FILE_UNREADABLE',
    `${name} cannot be read (${code ?? 'I/O error'}). Check the disk, then retry the item.`,
    code !== undefined && TRANSIENT.has(code),
    { reason: 'io', name, detail: code ?? 'I/O error' },
  )
}

/** Errors that may clear up by themselves (a busy disk, too many open files). */
const TRANSIENT = new Set(['EIO', 'EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'ETIMEDOUT'])

export function emptyFileError(name: string): AppError {
  return appError(
    'FILE_EMPTY',
    `${name} is empty (0 bytes). Copy it again from its source.`,
    false,
    { reason: 'file', name },
  )
}

export function notAnImageError(name: string): AppError {
  return appError(
    'NOT_AN_IMAGE',
    `${name} is not an image, whatever its name says (its content is not PNG, JPEG, BMP, GIF, WebP, TIFF or AVIF). Remove it from the batch.`,
    false,
    { reason: 'content', name },
  )
}

export function corruptError(name: string, detail: string): AppError {
  return appError(
    'IMAGE_CORRUPT',
    `${name} looks like an image but is damaged (${detail}). The file is probably cut short: copy or export it again.`,
    false,
    { reason: 'damaged', name, detail },
  )
}

export function tempDirError(dir: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'I/O error'
  return appError(
    'FILE_UNWRITABLE',
    `The temporary folder ${dir} cannot be written (${code}), so an over-limit image could not be resized. Free some disk space or fix the folder's permissions, then retry.`,
    true,
    { reason: 'temp-dir', folder: dir, detail: code },
  )
}

/** Turns a sharp (libvips) failure into the error a user can act on. */
export function sharpError(name: string, error: unknown, limitInputPixels: number): AppError {
  if ((error as NodeJS.ErrnoException | null)?.code) return fileSystemError(name, error)
  const message = error instanceof Error ? error.message : String(error)
  if (/input file is missing/i.test(message)) return fileSystemError(name, { code: 'ENOENT' })
  // Headers are checked first (with the real figures); this is sharp stopping on a later frame.
  if (/pixel limit/i.test(message)) return tooManyPixelsError(name, null, limitInputPixels)
  if (/unsupported (codec|feature)|no decoder|not supported/i.test(message)) {
    return appError(
      'UNSUPPORTED_INPUT',
      `${name} uses an image encoding this computer cannot read (${firstLine(message)}). Export it as JPEG or PNG and add it again.`,
      false,
      { reason: 'encoding', name, detail: firstLine(message) },
    )
  }
  return corruptError(name, firstLine(message))
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? ''
  return line === '' ? 'unknown error' : line
}
