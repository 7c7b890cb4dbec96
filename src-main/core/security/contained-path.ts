import { realpath, stat } from 'node:fs/promises'
import { join, posix, sep, win32 } from 'node:path'
import { appError, err, ok, type Result } from '../../../src-shared/result'

export interface ContainOptions {
  /** Compare paths case-insensitively (the default on Windows and macOS, whose file systems are). */
  caseInsensitive?: boolean
}

const MAX_REQUEST_LENGTH = 4096

function refuse(reason: string): Result<never> {
  return err(appError('VALIDATION', `Refused path: ${reason}.`))
}

function decode(requested: string): Result<string> {
  try {
    return ok(decodeURIComponent(requested))
  } catch {
    return refuse('it is not valid percent-encoding')
  }
}

/** True when `candidate` is strictly below `root` (both already real, absolute paths). */
export function isPathInside(root: string, candidate: string, caseInsensitive: boolean): boolean {
  const r = caseInsensitive ? root.toLowerCase() : root
  const c = caseInsensitive ? candidate.toLowerCase() : candidate
  // The prefix must end at a separator, or `/data/thumbs-evil` would pass for `/data/thumbs`.
  const prefix = r.endsWith(sep) ? r : r + sep
  return c.startsWith(prefix) && c.length > prefix.length
}

/**
 * Resolves a path requested by the renderer (a URL path, possibly percent-encoded) to a regular
 * file under `root`, or refuses. Checked twice: the text must not try to leave `root` (`..`,
 * absolute paths, drive letters, NUL, backslashes), and the real path after following symlinks
 * must still be inside the real `root`, so a symlink planted in a cache cannot point outside it.
 * Never throws: protocol handlers turn the error into a 403/404.
 */
export async function resolveContainedPath(
  root: string,
  requested: string,
  options: ContainOptions = {},
): Promise<Result<string>> {
  const caseInsensitive =
    options.caseInsensitive ?? (process.platform === 'win32' || process.platform === 'darwin')
  if (requested.length === 0) return refuse('it is empty')
  if (requested.length > MAX_REQUEST_LENGTH) return refuse('it is too long')

  const decoded = decode(requested)
  if (!decoded.ok) return decoded
  const relative = decoded.value
  if (relative.includes('\0')) return refuse('it contains a NUL byte')
  // A backslash is a separator on Windows; elsewhere no file we serve has one in its name.
  if (relative.includes('\\')) return refuse('it contains a backslash')
  if (posix.isAbsolute(relative) || win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    return refuse('it is absolute')
  }
  const segments = relative.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return refuse('it contains a dot segment')
  if (segments.some((s) => s === '')) return refuse('it contains an empty segment')

  let realRoot: string
  try {
    realRoot = await realpath(root)
  } catch {
    return err(appError('NOT_FOUND', 'The folder this file should come from does not exist.'))
  }

  let realTarget: string
  try {
    realTarget = await realpath(join(realRoot, ...segments))
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return err(appError('NOT_FOUND', 'The requested file does not exist.'))
    }
    return err(appError('FILE_UNREADABLE', 'The requested file cannot be read.'))
  }
  if (!isPathInside(realRoot, realTarget, caseInsensitive)) {
    return refuse('it resolves outside the allowed folder')
  }

  try {
    const info = await stat(realTarget)
    if (!info.isFile()) return err(appError('NOT_FOUND', 'The requested path is not a file.'))
  } catch {
    return err(appError('FILE_UNREADABLE', 'The requested file cannot be read.'))
  }
  return ok(realTarget)
}
