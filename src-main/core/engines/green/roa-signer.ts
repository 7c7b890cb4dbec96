import { createHash, createHmac } from 'node:crypto'

/**
 * ROA request signing for Green API 2018-05-09 (docs/green-api.md §2). Pure functions: the date and
 * nonce are inputs, so the worked examples in §2.5 and the vectors in §2.7 are unit tests, and the
 * emulator verifies with the very same string-to-sign builder.
 */

export const GREEN_API_VERSION = '2018-05-09'

export type HeaderBag = Readonly<Record<string, string | undefined>>

/** Base64 HMAC-SHA1 over UTF-8, as every SDK computes it (§2.2 "Signature"). */
export function hmacSha1Base64(secret: string, text: string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(text, 'utf8').digest('base64')
}

/** base64(MD5(raw body bytes)), the `Content-MD5` header (§2.1). */
export function contentMd5(body: string | Uint8Array): string {
  return createHash('md5').update(body).digest('base64')
}

/** RFC 1123 GMT, e.g. `Tue, 14 Mar 2017 06:29:50 GMT` (what `toUTCString()` gives in Node). */
export function rfc1123(date: Date): string {
  return date.toUTCString()
}

function headerValue(headers: HeaderBag, name: string): string {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined) return value
  }
  return ''
}

/** Tea and pop-core replace control whitespace with a space and trim; servers trim too. */
function cleanValue(value: string): string {
  return value.replace(/[\t\n\r\f]/g, ' ').trim()
}

/** Every `x-acs-*` header, lower-cased, sorted by name, each line `name:value\n` (§2.2). */
export function canonicalizedAcsHeaders(headers: HeaderBag): string {
  const lines: [string, string][] = []
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase()
    if (name.startsWith('x-acs-') && value !== undefined) lines.push([name, cleanValue(value)])
  }
  lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return lines.map(([name, value]) => `${name}:${value}\n`).join('')
}

/**
 * The path, then `?` and the query pairs sorted by key with their DECODED values (§2.2, §2.7:
 * values are not encoded). An empty value is written `key=`, as Python and Tea do.
 */
export function canonicalizedResource(
  path: string,
  query: Readonly<Record<string, string>> = {},
): string {
  const keys = Object.keys(query).sort()
  if (keys.length === 0) return path
  return `${path}?${keys.map((key) => `${key}=${query[key] ?? ''}`).join('&')}`
}

export interface RoaStringToSignInput {
  readonly method: string
  readonly path: string
  /** Decoded query parameters, exactly as sent. */
  readonly query?: Readonly<Record<string, string>>
  /** Request headers in any case; absent Accept/Content-MD5/Content-Type/Date sign as "". */
  readonly headers: HeaderBag
}

/** The exact ROA string-to-sign (§2.2); no trailing newline. */
export function roaStringToSign(input: RoaStringToSignInput): string {
  const h = input.headers
  return (
    `${input.method.toUpperCase()}\n` +
    `${headerValue(h, 'accept')}\n` +
    `${headerValue(h, 'content-md5')}\n` +
    `${headerValue(h, 'content-type')}\n` +
    `${headerValue(h, 'date')}\n` +
    canonicalizedAcsHeaders(h) +
    canonicalizedResource(input.path, input.query)
  )
}

export interface RoaCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  /** STS token: adds `x-acs-security-token` and `x-acs-accesskey-id` (§2.3). */
  readonly securityToken?: string
}

export interface SignRoaInput {
  readonly method: 'POST'
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly body: string
  /** `x-acs-action`; optional on the wire (§2.1), always sent by our client. */
  readonly action?: string
  readonly credentials: RoaCredentials
  readonly date: Date
  readonly nonce: string
  readonly contentType?: string
}

export interface SignedRoaRequest {
  /** Path plus the percent-encoded query, ready for the request line. */
  readonly pathWithQuery: string
  readonly headers: Record<string, string>
  readonly stringToSign: string
}

/** Percent-encodes a query the way pop-core (querystring) and Tea do: RFC 3986 components. */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(query[key] ?? '')}`)
    .join('&')
}

/**
 * Builds the headers of a signed ROA request. Sends the Tea/darabonba header set plus Content-MD5
 * (§8: harmless and what the docs and the Java/Python SDKs send).
 */
export function signRoaRequest(input: SignRoaInput): SignedRoaRequest {
  const query = input.query ?? {}
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-md5': contentMd5(input.body),
    'content-type': input.contentType ?? 'application/json',
    date: rfc1123(input.date),
    'x-acs-signature-method': 'HMAC-SHA1',
    'x-acs-signature-nonce': input.nonce,
    'x-acs-signature-version': '1.0',
    'x-acs-version': GREEN_API_VERSION,
  }
  if (input.action !== undefined) headers['x-acs-action'] = input.action
  if (input.credentials.securityToken !== undefined) {
    headers['x-acs-accesskey-id'] = input.credentials.accessKeyId
    headers['x-acs-security-token'] = input.credentials.securityToken
  }
  const stringToSign = roaStringToSign({
    method: input.method,
    path: input.path,
    query,
    headers,
  })
  const signature = hmacSha1Base64(input.credentials.accessKeySecret, stringToSign)
  headers.authorization = `acs ${input.credentials.accessKeyId}:${signature}`
  const encoded = encodeQuery(query)
  return {
    pathWithQuery: encoded === '' ? input.path : `${input.path}?${encoded}`,
    headers,
    stringToSign,
  }
}
