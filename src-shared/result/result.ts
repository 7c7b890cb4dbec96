import type { AppError } from './app-error'

/** The one shape every fallible call returns across a boundary: never rely on throwing. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function err<T = never>(error: AppError): Result<T> {
  return { ok: false, error }
}
