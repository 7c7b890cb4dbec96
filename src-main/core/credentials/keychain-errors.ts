import { appError, type AppError, type ErrorReason } from '../../../src-shared/result'

/** The advice every keychain failure ends with: the route that needs no keychain. */
export const ENV_ROUTE =
  'You can instead set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment.'

/**
 * Turns what keytar/libsecret/the OS throw into words a user can act on. The raw text is kept at
 * the end for support, never as the whole message.
 */
export function keychainError(
  thrown: unknown,
  platform: NodeJS.Platform = process.platform,
): AppError {
  const raw = thrown instanceof Error ? thrown.message : String(thrown)
  let what: string
  let reason: ErrorReason<'KEYCHAIN_UNAVAILABLE'> = 'refused'
  if (/timed out/i.test(raw)) {
    reason = 'timeout'
    what =
      'The OS keychain did not answer. It may be locked and waiting for a password prompt: unlock it and try again.'
  } else if (/locked|user canceled|cancelled|dismissed|interaction not allowed/i.test(raw)) {
    reason = 'locked'
    what = 'The OS keychain is locked or the request was cancelled. Unlock it and try again.'
  } else if (platform === 'linux') {
    reason = 'no-service'
    what =
      'No OS keychain is available: Greenlight needs a Secret Service (GNOME Keyring or KWallet) running in your desktop session, and could not reach one.'
  } else if (/cannot find module|libsecret|\.node/i.test(raw)) {
    reason = 'module'
    what = 'The keychain module could not be loaded on this system.'
  } else {
    what = 'The OS keychain refused the request.'
  }
  return appError('KEYCHAIN_UNAVAILABLE', `${what} ${ENV_ROUTE} (Details: ${raw})`, false, {
    reason,
    detail: raw,
  })
}
