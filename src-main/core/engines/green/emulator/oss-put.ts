import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ossSignature, ossStringToSign } from '../oss-signer'
import { sendOssError } from './wire'

/** An STS key the emulator's UploadCredentials issued for its OSS (docs/green-api.md §5, §10.9). */
export interface OssStsKey {
  readonly secret: string
  readonly securityToken: string
  /** The STS policy's prefix: objects must live under `<folder>/`. */
  readonly folder: string
  /** Emulator-clock ms. */
  expiresAt: number
}

export interface StoredObject {
  readonly bucket: string
  readonly key: string
  readonly bytes: Buffer
  readonly contentType: string
  readonly sha256: string
}

export interface OssPutLog {
  readonly key: string
  /** How the bucket was named: in the path (oss2, sldEnable) or in the Host header (ali-oss). */
  readonly style: 'path' | 'virtual'
  readonly dateHeader: 'date' | 'x-oss-date'
  readonly contentType: string
}

export interface OssContext {
  readonly bucket: string
  readonly lookupSts: (accessKeyId: string) => OssStsKey | undefined
  readonly now: () => number
  readonly wallNow: () => number
  readonly maxSkewMs: number
  readonly store: (object: StoredObject) => void
  readonly log: (entry: OssPutLog) => void
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

interface Located {
  readonly bucket: string
  readonly key: string
  readonly style: 'path' | 'virtual'
}

/**
 * Where the bucket and raw key may be: the Host header (`<bucket>.<host>`, ali-oss by default) or
 * the first path segment (oss2 for IP endpoints). ali-oss with `sldEnable` sends BOTH (path-style
 * path, and a Host of `<bucket>.oss-<region>.aliyuncs.com`), so every reading is a candidate and
 * the one whose signature verifies wins.
 */
export function locateObject(req: IncomingMessage, bucket: string): Located[] {
  const url = new URL(req.url ?? '/', 'http://emulator')
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return []
  }
  const candidates: Located[] = []
  const match = /^\/([^/]+)\/(.+)$/.exec(path)
  if (match !== null)
    candidates.push({ bucket: match[1] ?? '', key: match[2] ?? '', style: 'path' })
  const hostname = (header(req, 'host') ?? '').replace(/:\d+$/, '').toLowerCase()
  if (hostname.startsWith(`${bucket.toLowerCase()}.`)) {
    candidates.push({ bucket, key: path.replace(/^\//, ''), style: 'virtual' })
  }
  return candidates.filter((candidate) => candidate.key !== '')
}

/**
 * `PUT` an object: OSS V1 signature with `x-oss-security-token` (§5), token and expiry checked,
 * `x-oss-date` accepted in place of `Date` (ali-oss), errors as OSS XML with HTTP 403/400.
 */
export function handleOssPut(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  ctx: OssContext,
): void {
  const host = header(req, 'host') ?? 'oss-emulator'
  const candidates = locateObject(req, ctx.bucket)
  if (candidates.length === 0) {
    sendOssError(res, 400, 'InvalidObjectName', 'The object key is missing or not valid.', host)
    return
  }
  const ours = candidates.filter((candidate) => candidate.bucket === ctx.bucket)
  if (ours.length === 0) {
    sendOssError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist.', host, {
      BucketName: candidates[0]?.bucket ?? '',
    })
    return
  }
  const match = /^OSS ([^:]+):(.+)$/.exec(header(req, 'authorization') ?? '')
  if (match === null) {
    sendOssError(
      res,
      403,
      'AccessDenied',
      'Anonymous access is forbidden for this operation.',
      host,
    )
    return
  }
  const accessKeyId = match[1] ?? ''
  const key = ctx.lookupSts(accessKeyId)
  if (key === undefined) {
    sendOssError(
      res,
      403,
      'InvalidAccessKeyId',
      'The OSS Access Key Id you provided does not exist in our records.',
      host,
      {
        OSSAccessKeyId: accessKeyId,
      },
    )
    return
  }
  const token = header(req, 'x-oss-security-token')
  if (token === undefined || token !== key.securityToken) {
    sendOssError(
      res,
      403,
      'InvalidSecurityToken',
      'The security token you provided is invalid.',
      host,
    )
    return
  }
  if (ctx.now() >= key.expiresAt) {
    sendOssError(
      res,
      403,
      'SecurityTokenExpired',
      'The security token you provided has expired.',
      host,
    )
    return
  }
  const ossDate = header(req, 'x-oss-date')
  const date = ossDate ?? header(req, 'date')
  const sentAt = date === undefined ? Number.NaN : Date.parse(date)
  if (Number.isNaN(sentAt) || Math.abs(ctx.wallNow() - sentAt) > ctx.maxSkewMs) {
    sendOssError(
      res,
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      host,
    )
    return
  }
  const headers: Record<string, string> = {}
  for (const name of Object.keys(req.headers)) {
    const value = header(req, name)
    if (value !== undefined) headers[name] = value
  }
  const given = Buffer.from(match[2] ?? '')
  const verifies = (candidate: Located): boolean => {
    const expected = Buffer.from(ossSignature(key.secret, stringToSignFor(candidate)))
    return expected.length === given.length && timingSafeEqual(expected, given)
  }
  const stringToSignFor = (candidate: Located): string =>
    ossStringToSign({
      method: req.method ?? 'PUT',
      bucket: candidate.bucket,
      key: candidate.key,
      headers,
    })
  const located = ours.find(verifies)
  if (located === undefined) {
    sendOssError(
      res,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
      host,
      {
        OSSAccessKeyId: accessKeyId,
        StringToSign: ours.map(stringToSignFor).join(' | '),
      },
    )
    return
  }
  const md5 = createHash('md5').update(body).digest()
  const sentMd5 = header(req, 'content-md5')
  if (sentMd5 !== undefined && sentMd5 !== md5.toString('base64')) {
    sendOssError(res, 400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', host)
    return
  }
  if (!located.key.startsWith(`${key.folder}/`)) {
    sendOssError(
      res,
      403,
      'AccessDenied',
      `You have no right to access this object: keys must start with ${key.folder}/.`,
      host,
    )
    return
  }
  const contentType = header(req, 'content-type') ?? 'application/octet-stream'
  ctx.store({
    bucket: located.bucket,
    key: located.key,
    bytes: body,
    contentType,
    sha256: createHash('sha256').update(body).digest('hex'),
  })
  ctx.log({
    key: located.key,
    style: located.style,
    dateHeader: ossDate !== undefined ? 'x-oss-date' : 'date',
    contentType,
  })
  const requestId = md5.toString('hex').slice(0, 24).toUpperCase()
  // x-oss-hash-crc64ecma is optional (§5) and omitted: clients only check it when present.
  res.writeHead(200, {
    etag: `"${md5.toString('hex').toUpperCase()}"`,
    'x-oss-request-id': requestId,
    'content-length': 0,
  })
  res.end()
}
