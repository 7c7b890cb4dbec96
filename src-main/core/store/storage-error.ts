import { appError, type AppError, type ErrorCode } from '../../../src-shared/result'

export const STORAGE_CODES = [
  'STORAGE_FULL',
  'STORAGE_READONLY',
  'STORAGE_CORRUPT',
  'STORAGE_UNAVAILABLE',
] as const satisfies readonly ErrorCode[]

export type StorageCode = (typeof STORAGE_CODES)[number]

/**
 * A failure of the data folder itself, thrown by the store: every caller up the stack sees the
 * same AppError (toAppError unwraps it), so a full disk is never mistaken for a bad image.
 */
export class StorageError extends Error {
  constructor(
    readonly appError: AppError,
    options?: { cause?: unknown },
  ) {
    super(appError.message, options)
    this.name = 'StorageError'
  }
}

export function isStorageError(error: AppError | null | undefined): boolean {
  return error != null && (STORAGE_CODES as readonly string[]).includes(error.code)
}

/** The AppError a thrown value carries when it is a storage failure, else null. */
export function storageErrorOf(thrown: unknown): AppError | null {
  if (thrown instanceof StorageError) return thrown.appError
  return null
}

const SQLITE_CODES: Readonly<Record<string, StorageCode>> = {
  SQLITE_FULL: 'STORAGE_FULL',
  SQLITE_READONLY: 'STORAGE_READONLY',
  SQLITE_PERM: 'STORAGE_READONLY',
  SQLITE_CORRUPT: 'STORAGE_CORRUPT',
  SQLITE_NOTADB: 'STORAGE_CORRUPT',
  SQLITE_CANTOPEN: 'STORAGE_UNAVAILABLE',
  SQLITE_IOERR: 'STORAGE_UNAVAILABLE',
}

const ERRNO_CODES: Readonly<Record<string, StorageCode>> = {
  ENOSPC: 'STORAGE_FULL',
  EDQUOT: 'STORAGE_FULL',
  EROFS: 'STORAGE_READONLY',
  EACCES: 'STORAGE_READONLY',
  EPERM: 'STORAGE_READONLY',
  ENOENT: 'STORAGE_UNAVAILABLE',
  ENOTDIR: 'STORAGE_UNAVAILABLE',
  EIO: 'STORAGE_UNAVAILABLE',
}

/** Which storage failure a sqlite3 or fs error is, if it is one. */
export function storageCodeOf(thrown: unknown): StorageCode | null {
  if (thrown instanceof StorageError) return thrown.appError.code as StorageCode
  const code = (thrown as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  return SQLITE_CODES[code] ?? ERRNO_CODES[code] ?? null
}

/** Says what happened to the data folder and what to do about it, naming the folder. */
export function storageError(code: StorageCode, folder: string, detail?: string): AppError {
  const why = detail === undefined ? '' : ` (${detail})`
  const params = { folder }
  switch (code) {
    case 'STORAGE_FULL':
      return {
        ...appError(
          code,
          `The disk holding Greenlight's data folder ${folder} is full. Nothing was lost: free some space there (or point GREENLIGHT_HOME at a folder with room), then resume the scan or run the same command again.`,
          true,
        ),
        params,
      }
    case 'STORAGE_READONLY':
      return {
        ...appError(
          code,
          `Greenlight cannot write to its data folder ${folder}${why}: it is read-only or you lack permission. Make it writable, or point GREENLIGHT_HOME at a folder you can write to.`,
        ),
        params,
      }
    case 'STORAGE_CORRUPT':
      return {
        ...appError(
          code,
          `Greenlight's database in ${folder} is damaged${why}. Close Greenlight and start it again: the damaged file is then kept aside as greenlight.sqlite.corrupt-<time> and a new one is started.`,
        ),
        params,
      }
    case 'STORAGE_UNAVAILABLE':
      return {
        ...appError(
          code,
          `Greenlight cannot open its data folder ${folder}${why}. Check that it exists and its drive is attached, or point GREENLIGHT_HOME at another folder.`,
          true,
        ),
        params,
      }
  }
}

/**
 * A thrown sqlite3/fs error as a StorageError naming the folder, when it is a storage failure;
 * anything else is returned as it was.
 */
export function asStorageError<T>(thrown: T, folder: string): T | StorageError {
  if (thrown instanceof StorageError) return thrown
  const code = storageCodeOf(thrown)
  if (code === null) return thrown
  const detail = thrown instanceof Error ? thrown.message : String(thrown)
  return new StorageError(storageError(code, folder, detail), { cause: thrown })
}
