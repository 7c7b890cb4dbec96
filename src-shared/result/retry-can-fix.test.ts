import { expect, it } from 'vitest'
import { appError } from './app-error'
import { retryCanFix } from './retry-can-fix'

it('retries what another try can fix, never what can only fail again', () => {
  expect(retryCanFix(appError('NETWORK', 'x', true))).toBe(true)
  expect(retryCanFix(appError('THROTTLED', 'x'))).toBe(true)
  expect(retryCanFix(appError('AUTH_EXPIRED', 'x'))).toBe(true)
  expect(retryCanFix(null)).toBe(true)
  for (const code of ['FILE_EMPTY', 'NOT_AN_IMAGE', 'IMAGE_TOO_LARGE', 'IMAGE_CORRUPT'] as const) {
    expect(retryCanFix(appError(code, 'x')), code).toBe(false)
  }
  expect(retryCanFix(appError('DOWNLOAD_FAILED', 'x', false, { reason: 'unsafe-url' }))).toBe(false)
  expect(retryCanFix(appError('DOWNLOAD_FAILED', 'x', false, { reason: 'slow' }))).toBe(true)
  const gone = appError('FILE_NOT_FOUND', 'x', false, { reason: 'gone' })
  expect(retryCanFix(gone, false)).toBe(false)
  expect(retryCanFix(gone, true)).toBe(true)
})
