import {
  appError,
  type AppError,
  type ErrorCode,
  type ErrorReason,
} from '../../../../src-shared/result'

/**
 * Green's error model (docs/green-api.md §4.1, §4.6, §2.4): a request-level `code` (HTTP 200 or not),
 * a per-task `code`, and POP gateway errors with capitalised keys. Everything becomes a GreenError:
 * an AppError plus what the scan service needs to decide (retry, fail the item, stop the queue).
 */
export interface GreenError extends AppError {
  /** Green's own code: a numeric business code ("588") or a POP code ("SignatureDoesNotMatch"). */
  readonly greenCode?: string
  readonly httpStatus?: number
  readonly requestId?: string
  /** Every further call would fail the same way (auth, permission): stop the queue, tell the user. */
  readonly stopsQueue: boolean
}

interface Rule {
  readonly app: ErrorCode
  readonly retryable: boolean
  readonly stopsQueue: boolean
  /** What happened and what to do; the code and Green's msg are appended. */
  readonly hint: string
  /** Which of the app code's situations this is, for hosts to word (`ERROR_REASONS`). */
  readonly reason?: string
}

type RuleMaker = <C extends ErrorCode>(app: C, hint: string, reason?: ErrorReason<C>) => Rule

const rule =
  (retryable: boolean, stopsQueue: boolean): RuleMaker =>
  (app, hint, reason) => ({
    app,
    retryable,
    stopsQueue,
    hint,
    ...(reason !== undefined ? { reason } : {}),
  })
const retry = rule(true, false)
const final = rule(false, false)
const stop = rule(false, true)

/**
 * THE mapping table. Numeric codes: docs/green-api.md §4.6 (doc 53414, FAQ 276036). POP codes: §2.4 and
 * §10.2 (gateway convention). Request-level and per-task codes share it; the few codes whose
 * meaning differs for a single task are in TASK_OVERRIDES below.
 */
const CODE_TABLE: Readonly<Record<string, Rule>> = {
  // §4.6 business codes
  '400': final(
    'BAD_REQUEST',
    'Green rejected the request as invalid. Check the image URL, scenes and bizType.',
    'invalid',
  ),
  '401': final(
    'DOWNLOAD_FAILED',
    'Green refused the URL as unsafe (for example it redirects). Use a direct image URL.',
    'unsafe-url',
  ),
  '403': stop(
    'PERMISSION_DENIED',
    'This AccessKey may not call Green. Grant it the AliyunYundunGreenWebFullAccess RAM policy.',
    'ram',
  ),
  '404': stop(
    'NOT_GREEN_ENDPOINT',
    'Green did not find this API. Check the endpoint and region.',
    'api',
  ),
  '408': stop(
    'PERMISSION_DENIED',
    'This AccessKey lacks the RAM permission for Green. Grant it in the RAM console.',
    'ram',
  ),
  '411': stop(
    'PERMISSION_DENIED',
    'This AccessKey lacks the RAM permission for Green. Grant it in the RAM console.',
    'ram',
  ),
  '480': final(
    'DOWNLOAD_FAILED',
    'Green could not download the image, or its size or resolution is not allowed. Check that the URL is public and the image is within limits.',
    'not-downloadable',
  ),
  '500': retry(
    'SERVER_ERROR',
    'Green had a temporary server error. It will be retried.',
    'temporary',
  ),
  '503': retry(
    'SERVER_ERROR',
    'Green is unavailable right now (or the endpoint is wrong). It will be retried; check the region if it persists.',
    'unavailable',
  ),
  '580': retry('SERVER_ERROR', 'Green had a database error. It will be retried.', 'temporary'),
  '581': retry('TIMEOUT', 'Green timed out. It will be retried.'),
  '585': retry('SERVER_ERROR', 'Green had a cache error. It will be retried.', 'temporary'),
  '586': retry('SERVER_ERROR', 'Green had an algorithm error. It will be retried.', 'temporary'),
  '587': retry('SERVER_ERROR', 'Green had a middleware error. It will be retried.', 'temporary'),
  '588': retry(
    'THROTTLED',
    'Green is throttling this account (QPS quota, default 50 images/s). Lower the rate; it will be retried.',
  ),
  '589': final(
    'IMAGE_TOO_LARGE',
    'The image is too large for Green (max 20 MB, 30,000 px a side). Shrink it and scan again.',
    'green',
  ),
  '590': final(
    'NOT_AN_IMAGE',
    'Green could not read this image format. Use PNG, JPG, BMP, GIF or WEBP.',
    'green-format',
  ),
  '591': retry('SERVER_ERROR', "Green's connection pool is full. It will be retried.", 'temporary'),
  '592': retry(
    'DOWNLOAD_FAILED',
    'Green took more than 3 s to download the image. It will be retried; a faster host helps.',
    'slow',
  ),
  '594': final(
    'TASK_EXPIRED',
    'The async result expired (Green keeps them 1 hour). Scan the image again.',
  ),
  // §11: 595's name is cut off in the source ("CATCH_FRAM…"); frame capture failing is about the image.
  '595': final(
    'IMAGE_CORRUPT',
    'Green could not extract frames from this image. Check that the file is not damaged.',
    'green-frames',
  ),
  '596': stop(
    'SERVICE_NOT_ACTIVATED',
    'Content Moderation is not activated or authorised for this account. Activate it in the Alibaba Cloud console.',
  ),
  // §2.4 / §10.2 POP gateway codes
  SignatureDoesNotMatch: stop(
    'AUTH_SIGNATURE',
    'Green rejected the request signature. Check the AccessKey secret.',
    'signature',
  ),
  IncompleteSignature: stop(
    'AUTH_SIGNATURE',
    'The request had no valid Authorization header. Check the AccessKey settings.',
    'no-header',
  ),
  SignatureNonceUsed: retry(
    'AUTH_SIGNATURE',
    'Green saw a repeated request nonce. It will be retried with a new one.',
    'nonce',
  ),
  'InvalidAccessKeyId.NotFound': stop(
    'AUTH_INVALID_KEY',
    'Green does not know this AccessKey ID. Check it, or create a new AccessKey.',
    'unknown-id',
  ),
  'InvalidAccessKeyId.Inactive': stop(
    'AUTH_INVALID_KEY',
    'This AccessKey is disabled. Enable it or use another one.',
    'disabled',
  ),
  InvalidAccessKeyId: stop(
    'AUTH_INVALID_KEY',
    'Green does not know this AccessKey ID. Check it, or create a new AccessKey.',
    'unknown-id',
  ),
  'InvalidSecurityToken.Expired': stop(
    'AUTH_EXPIRED',
    'The STS security token has expired. Get a fresh token and try again.',
    'token',
  ),
  'InvalidSecurityToken.Malformed': stop(
    'AUTH_INVALID_KEY',
    'The STS security token is not valid. Get a fresh token and try again.',
    'bad-token',
  ),
  'InvalidSecurityToken.MismatchWithAccessKey': stop(
    'AUTH_INVALID_KEY',
    'The STS security token belongs to another AccessKey. Use the matching pair.',
    'token-mismatch',
  ),
  'InvalidTimeStamp.Expired': stop(
    'AUTH_EXPIRED',
    "Green says this computer's clock is off by more than 15 minutes. Sync the clock and try again.",
    'clock',
  ),
  'InvalidTimeStamp.Format': stop(
    'AUTH_SIGNATURE',
    'Green could not read the request date. Sync the clock and try again.',
    'date',
  ),
  'InvalidAction.NotFound': stop(
    'NOT_GREEN_ENDPOINT',
    'The endpoint does not serve Green API 2018-05-09. Check the endpoint and region.',
    'api',
  ),
  'Forbidden.RAM': stop(
    'PERMISSION_DENIED',
    'This AccessKey lacks the RAM permission for Green. Grant it in the RAM console.',
    'ram',
  ),
  Forbidden: stop(
    'PERMISSION_DENIED',
    'This AccessKey may not call Green. Grant it the RAM permission.',
    'ram',
  ),
  Throttling: retry(
    'THROTTLED',
    'Green is throttling this account. Lower the rate; it will be retried.',
  ),
  'Throttling.User': retry(
    'THROTTLED',
    'Green is throttling this account. Lower the rate; it will be retried.',
  ),
  ServiceUnavailable: retry(
    'SERVER_ERROR',
    'Green is unavailable right now. It will be retried.',
    'unavailable',
  ),
  InternalError: retry(
    'SERVER_ERROR',
    'Green had an internal error. It will be retried.',
    'temporary',
  ),
  MissingParameter: final(
    'BAD_REQUEST',
    'Green says a required parameter is missing. This is a Greenlight bug; please report it.',
    'missing-parameter',
  ),
  InvalidParameter: final(
    'BAD_REQUEST',
    'Green rejected a parameter. Check the image URL and scenes.',
    'invalid',
  ),
  // §5 OSS upload errors (XML <Code>), same table so one place explains every failure
  SecurityTokenExpired: retry(
    'AUTH_EXPIRED',
    'The upload credentials expired. New ones are fetched and the upload retried.',
    'upload-token',
  ),
  InvalidSecurityToken: retry(
    'AUTH_EXPIRED',
    'The upload security token was refused. New credentials are fetched and the upload retried.',
    'upload-token',
  ),
  RequestTimeTooSkewed: stop(
    'AUTH_EXPIRED',
    "OSS says this computer's clock is off by more than 15 minutes. Sync the clock and try again.",
    'clock',
  ),
  AccessDenied: stop(
    'PERMISSION_DENIED',
    'OSS refused the upload. Check that Content Moderation is activated for this account.',
    'oss',
  ),
  NoSuchBucket: stop(
    'NOT_GREEN_ENDPOINT',
    'The upload bucket Green named does not exist at its OSS endpoint. Check the endpoint.',
    'bucket',
  ),
  InvalidDigest: retry(
    'FILE_UNREADABLE',
    'The file changed while it was uploaded (Content-MD5 mismatch). It will be retried.',
    'upload-digest',
  ),
  EntityTooLarge: final(
    'IMAGE_TOO_LARGE',
    'The image is too large to upload (max 20 MB).',
    'green',
  ),
}

/** Codes that mean something narrower when they belong to one task (§4.6). */
const TASK_OVERRIDES: Readonly<Record<string, Rule>> = {
  '403': final(
    'DOWNLOAD_FAILED',
    'Green may not read this image (hotlink protection, or OSS not authorised). Make the URL public.',
    'hotlink',
  ),
  '404': final(
    'DOWNLOAD_FAILED',
    'Green could not find or download this image. Check that the URL still works.',
    'not-found',
  ),
}

// §11 decision: codes no source names (593, ≥597) fall back by class: 5xx retry, else final.
function fallbackRule(code: number | undefined, httpStatus: number | undefined): Rule {
  const n = code ?? httpStatus ?? 0
  if (n >= 500)
    return retry(
      'SERVER_ERROR',
      'Green returned an unexpected server error. It will be retried.',
      'unexpected',
    )
  if (n === 401 || n === 403)
    return stop(
      'PERMISSION_DENIED',
      'Green refused the request. Check the AccessKey and its permissions.',
      'refused',
    )
  return final('BAD_REQUEST', 'Green returned an unexpected error for this request.', 'unexpected')
}

/** Looks a code up; exposed for tests and for callers that only have a code. */
export function ruleFor(code: string, scope: 'request' | 'task'): Rule | undefined {
  return (scope === 'task' ? TASK_OVERRIDES[code] : undefined) ?? CODE_TABLE[code]
}

export interface GreenFailureInput {
  readonly scope: 'request' | 'task'
  /** Numeric business code or POP code. */
  readonly code?: number | string
  readonly message?: string
  readonly httpStatus?: number
  readonly requestId?: string
}

export function greenError(input: GreenFailureInput): GreenError {
  const codeText = input.code === undefined ? undefined : String(input.code)
  const numeric = typeof input.code === 'number' ? input.code : Number(codeText)
  const rule =
    (codeText !== undefined ? ruleFor(codeText, input.scope) : undefined) ??
    fallbackRule(Number.isFinite(numeric) ? numeric : undefined, input.httpStatus)
  const details = [
    codeText !== undefined ? `code ${codeText}` : undefined,
    input.httpStatus !== undefined && String(input.httpStatus) !== codeText
      ? `HTTP ${input.httpStatus}`
      : undefined,
    input.message !== undefined && input.message !== '' ? input.message : undefined,
    input.requestId !== undefined ? `request ${input.requestId}` : undefined,
  ].filter((part): part is string => part !== undefined)
  const base: AppError = {
    ...appError(
      rule.app,
      details.length > 0 ? `${rule.hint} (${details.join(', ')})` : rule.hint,
      rule.retryable,
    ),
    params: {
      ...(rule.reason !== undefined ? { reason: rule.reason } : {}),
      ...(codeText !== undefined ? { greenCode: codeText } : {}),
      ...(input.httpStatus !== undefined ? { httpStatus: String(input.httpStatus) } : {}),
      ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
    },
  }
  return {
    ...base,
    stopsQueue: rule.stopsQueue,
    ...(codeText !== undefined ? { greenCode: codeText } : {}),
    ...(input.httpStatus !== undefined ? { httpStatus: input.httpStatus } : {}),
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
])
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

function errorCodeOf(thrown: unknown): string | undefined {
  let current: unknown = thrown
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; cause?: unknown; name?: unknown }
    if (typeof record.code === 'string') return record.code
    if (record.name === 'TimeoutError') return 'ETIMEDOUT'
    current = record.cause
  }
  return undefined
}

/**
 * A thrown transport error as a GreenError. `aborted` says the caller's own signal fired
 * (CANCELLED); a timeout signal or undici timeout is TIMEOUT; resets and refusals are NETWORK.
 */
export function transportError(
  thrown: unknown,
  what: string,
  aborted: boolean,
  timedOut: boolean,
): GreenError {
  if (aborted) return { ...appError('CANCELLED', `${what} was cancelled.`), stopsQueue: false }
  const code = errorCodeOf(thrown)
  if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return {
      ...appError(
        'TIMEOUT',
        `${what} timed out. It will be retried; check the network if it persists.`,
        true,
      ),
      stopsQueue: false,
    }
  }
  const reason = thrown instanceof Error ? thrown.message : String(thrown)
  if (code === undefined || NETWORK_CODES.has(code) || code.startsWith('UND_ERR')) {
    return {
      ...appError(
        'NETWORK',
        `${what} failed on the network (${code ?? reason}). Check the connection and the endpoint; it will be retried.`,
        true,
        { reason: 'unreachable', detail: code ?? reason },
      ),
      stopsQueue: false,
    }
  }
  return {
    ...appError('NETWORK', `${what} failed (${code}: ${reason}). It will be retried.`, true, {
      reason: 'failed',
      detail: code,
    }),
    stopsQueue: false,
  }
}

/**
 * A per-task 404 on an `oss://` object Greenlight uploaded itself: the object is gone (the
 * service restarted, or dropped it), which says nothing about a URL. Retryable: uploading the
 * file again fixes it.
 */
export function lostUploadError(cause: GreenError): GreenError {
  const detail = cause.greenCode !== undefined ? ` (code ${cause.greenCode})` : ''
  return {
    ...cause,
    ...appError(
      'DOWNLOAD_FAILED',
      `Green no longer has the copy of this image that Greenlight uploaded (the service may have restarted). It is uploaded again and scanned again${detail}.`,
      true,
      {
        reason: 'upload-lost',
        ...(cause.greenCode !== undefined ? { greenCode: cause.greenCode } : {}),
      },
    ),
    stopsQueue: false,
  }
}

/** A per-task answer that says the URL was not found (Green's 404). */
export function isNotFound(answer: unknown): answer is { readonly error: GreenError } {
  if (typeof answer !== 'object' || answer === null || !('error' in answer)) return false
  const error = answer.error
  return typeof error === 'object' && error !== null && (error as GreenError).greenCode === '404'
}
