import { hmacSha1Base64, type HeaderBag } from './roa-signer'

/** OSS V1 header signature (docs/green-api.md §5, "OSS V1 request signature"). Pure, for tests. */

function headerValue(headers: HeaderBag, name: string): string {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined) return value
  }
  return ''
}

/** Every `x-oss-*` header, lower-cased, sorted, each `name:value\n`. */
export function canonicalizedOssHeaders(headers: HeaderBag): string {
  const lines: [string, string][] = []
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase()
    if (name.startsWith('x-oss-') && value !== undefined) lines.push([name, value.trim()])
  }
  lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return lines.map(([name, value]) => `${name}:${value}\n`).join('')
}

export interface OssStringToSignInput {
  readonly method: string
  readonly bucket: string
  /** The raw, unencoded object key (no leading slash). */
  readonly key: string
  readonly headers: HeaderBag
}

/**
 * `VERB\nContent-MD5\nContent-Type\nDate\n` + x-oss headers + `/bucket/key`. When `x-oss-date`
 * is present it takes the Date slot (ali-oss sends it instead of Date, §5 correction).
 */
export function ossStringToSign(input: OssStringToSignInput): string {
  const h = input.headers
  const ossDate = headerValue(h, 'x-oss-date')
  const date = ossDate !== '' ? ossDate : headerValue(h, 'date')
  return (
    `${input.method.toUpperCase()}\n` +
    `${headerValue(h, 'content-md5')}\n` +
    `${headerValue(h, 'content-type')}\n` +
    `${date}\n` +
    canonicalizedOssHeaders(h) +
    `/${input.bucket}/${input.key}`
  )
}

export function ossSignature(secret: string, stringToSign: string): string {
  return hmacSha1Base64(secret, stringToSign)
}
