import type { AppError } from '../../src-shared/result'
import type { MessageKey } from './en'

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** Codes worded in the user's language; the rest show main's own message. */
const WORDED: Partial<Record<AppError['code'], MessageKey>> = {
  STORAGE_FULL: 'error.STORAGE_FULL',
  STORAGE_READONLY: 'error.STORAGE_READONLY',
  STORAGE_CORRUPT: 'error.STORAGE_CORRUPT',
  STORAGE_UNAVAILABLE: 'error.STORAGE_UNAVAILABLE',
}

/** An error as the user reads it: from the catalogue when its code has words there. */
export function wordError(t: Translate, error: AppError): string {
  const key = WORDED[error.code]
  const folder = error.params?.folder
  if (key === undefined || folder === undefined) return error.message
  return t(key, { folder })
}
