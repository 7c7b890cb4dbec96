import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import {
  contentMd5,
  GREEN_API_VERSION,
  hmacSha1Base64,
  roaStringToSign,
  type HeaderBag,
} from '../roa-signer'

/** A key the emulator knows: the account key, or an STS key it issued (with token and expiry). */
export interface KnownKey {
  readonly secret: string
  readonly securityToken?: string
  /** Emulator-clock ms. */
  readonly expiresAt?: number
}

export interface RoaVerifyContext {
  readonly lookupKey: (accessKeyId: string) => KnownKey | undefined
  /** Wall clock for the Date check: clients sign with their real clock. */
  readonly wallNow: () => number
  /** Emulator clock (tests may advance it) for STS expiry. */
  readonly now: () => number
  readonly maxSkewMs: number
  /** nonce → first-seen wall ms. */
  readonly nonces: Map<string, number>
}

export type RoaVerdict =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string }

const fail = (status: number, code: string, message: string): RoaVerdict => ({
  ok: false,
  status,
  code,
  message,
})

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** Headers as received: Node lower-cases names and trims values, which is what signing wants. */
function headerBag(headers: IncomingHttpHeaders): HeaderBag {
  const bag: Record<string, string> = {}
  for (const name of Object.keys(headers)) {
    const value = single(headers, name)
    if (value !== undefined) bag[name] = value
  }
  return bag
}

/** Form decoding (`+` is a space) because Java's URLEncoder writes spaces as `+` (§2.4). */
export function decodedQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(search)) query[key] = value
  return query
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Verifies an ROA request the way docs/green-api.md §2.4 recommends: the string-to-sign is REBUILT
 * from what was received (Accept, Content-MD5, Content-Type, Date, every x-acs-* header, the path
 * and the sorted decoded query), never from assumed values.
 */
export function verifyRoaRequest(
  method: string,
  pathname: string,
  search: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  ctx: RoaVerifyContext,
): RoaVerdict {
  const authorization = single(headers, 'authorization') ?? ''
  const match = /^acs ([^:]+):(.+)$/.exec(authorization)
  if (match === null) {
    return fail(
      400,
      'IncompleteSignature',
      'The request signature does not conform to Aliyun standards (Authorization: acs <AccessKeyId>:<Signature>).',
    )
  }
  const accessKeyId = match[1] ?? ''
  const signature = match[2] ?? ''
  const key = ctx.lookupKey(accessKeyId)
  if (key === undefined)
    return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
  if (key.securityToken !== undefined) {
    const token = single(headers, 'x-acs-security-token')
    if (token === undefined || !sameText(token, key.securityToken)) {
      return fail(
        400,
        'InvalidSecurityToken.MismatchWithAccessKey',
        'Specified SecurityToken mismatch with the AccessKey.',
      )
    }
    if (key.expiresAt !== undefined && ctx.now() >= key.expiresAt) {
      return fail(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.')
    }
  }
  const version = single(headers, 'x-acs-version')
  if (version !== GREEN_API_VERSION) {
    return fail(
      400,
      'InvalidAction.NotFound',
      `Specified api is not found, please check your url and method (x-acs-version ${version ?? 'missing'}).`,
    )
  }
  // §11 decision: the gateway's stale-Date error and window are unverified; we answer
  // InvalidTimeStamp.Expired beyond ±15 min (configurable) and treat a missing/unparsable Date as
  // InvalidTimeStamp.Format, since an unsigned time would make replay checks meaningless.
  const date = single(headers, 'date')
  const sentAt = date === undefined ? Number.NaN : Date.parse(date)
  if (Number.isNaN(sentAt))
    return fail(
      400,
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted (Date header).',
    )
  if (Math.abs(ctx.wallNow() - sentAt) > ctx.maxSkewMs) {
    return fail(
      400,
      'InvalidTimeStamp.Expired',
      `Specified time stamp or date value is expired (Date ${date ?? ''} is more than ${Math.round(ctx.maxSkewMs / 60000)} min from server time).`,
    )
  }
  const stringToSign = roaStringToSign({
    method,
    path: pathname,
    query: decodedQuery(search),
    headers: headerBag(headers),
  })
  if (!sameText(hmacSha1Base64(key.secret, stringToSign), signature)) {
    return fail(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    )
  }
  // §11 decision: whether Green checks Content-MD5 is unverified; we do, and report a mismatch
  // as SignatureDoesNotMatch because the signed digest no longer describes the body received.
  const md5 = single(headers, 'content-md5')
  if (md5 !== undefined && md5 !== contentMd5(body)) {
    return fail(
      400,
      'SignatureDoesNotMatch',
      `Specified content md5 is not matched with the body (server computed ${contentMd5(body)}). server string to sign is:${stringToSign}`,
    )
  }
  // §11 decision: nonce reuse within the skew window is refused (POP convention).
  const nonce = single(headers, 'x-acs-signature-nonce')
  if (nonce !== undefined) {
    const wall = ctx.wallNow()
    for (const [seen, at] of ctx.nonces) if (wall - at > ctx.maxSkewMs) ctx.nonces.delete(seen)
    if (ctx.nonces.has(nonce))
      return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    ctx.nonces.set(nonce, wall)
  }
  return { ok: true, accessKeyId }
}
