import { randomUUID } from 'node:crypto'
import { appError, type ErrorCode } from '../../../../src-shared/result'
import { sha256Bytes } from '../../media/hash-file'
import { readRegularFile } from '../../media/open-regular-file'
import type { GreenClient, GreenResult } from './green-client'
import { isIpOrLocalhost, isLoopbackHost } from './green-endpoint'
import { greenError, type GreenError } from './green-errors'
import type { UploadCredentials } from './green-types'
import { sendHttp } from './http-transport'
import { IMAGE_MIME, SNIFF_BYTES, sniffImageType, type ImageType } from './image-sniff'
import { ossSignature, ossStringToSign } from './oss-signer'
import { contentMd5, rfc1123 } from './roa-signer'

/** Green's image size limit (docs/green-api.md §3.1). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

export type UploadInput =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }

export interface UploadedObject {
  /** What goes into `tasks[].url`: `oss://bucket/key` (§5 step 5). */
  readonly ossUrl: string
  readonly bucket: string
  readonly key: string
  readonly contentType: string
  readonly size: number
  /** sha256 of the bytes uploaded: what Green will judge. */
  readonly sha256: string
}

export interface UploaderOptions {
  /** Clock for the credential cache (epoch ms); injectable so tests can jump past expiry. */
  readonly now?: () => number
  /** Refresh this long before `expiredTime` so an upload never starts on a dying token. */
  readonly marginMs?: number
  readonly uuid?: () => string
  readonly timeoutMs?: number
}

interface Prepared {
  readonly type: ImageType
  readonly size: number
  readonly md5: string
  readonly sha256: string
  /** The body per attempt: the same bytes each time, never the path read again. */
  readonly body: () => Uint8Array
}

const local = (code: ErrorCode, message: string, retryable = false): GreenError => ({
  ...appError(code, message, retryable),
  stopsQueue: false,
})

function checkImage(head: Uint8Array, size: number, what: string): GreenError | ImageType {
  if (size === 0) return local('FILE_EMPTY', `${what} is empty.`)
  if (size > MAX_UPLOAD_BYTES) {
    return local(
      'IMAGE_TOO_LARGE',
      `${what} is ${(size / 1048576).toFixed(1)} MB; Green accepts at most 20 MB. Shrink it first.`,
    )
  }
  const type = sniffImageType(head)
  if (type === null)
    return local('NOT_AN_IMAGE', `${what} is not a PNG, JPG, GIF, BMP or WEBP image.`)
  return type
}

/** Read once into memory (at most 20 MB): the MD5, the body and the hash are of the same bytes. */
async function prepareFile(path: string, signal?: AbortSignal): Promise<Prepared | GreenError> {
  const read = await readRegularFile(path, {
    name: path,
    // Never more in memory than Green would take.
    maxBytes: MAX_UPLOAD_BYTES,
    ...(signal !== undefined ? { signal } : {}),
  })
  if (!read.ok) return { ...read.error, stopsQueue: false }
  return prepareBytes(read.value.bytes, path, read.value.sha256)
}

function prepareBytes(
  bytes: Uint8Array,
  what = 'The image',
  sha256 = sha256Bytes(bytes),
): Prepared | GreenError {
  const type = checkImage(bytes.subarray(0, SNIFF_BYTES), bytes.length, what)
  if (typeof type !== 'string') return type
  return { type, size: bytes.length, md5: contentMd5(bytes), sha256, body: () => bytes }
}

/**
 * The OSS origin for an endpoint Green returned (§5: with or without a scheme). §11 decision:
 * the SDKs default to http://; we use https:// for any non-loopback host (the STS token must not
 * travel in clear) and keep http only for loopback (the emulator).
 */
export function ossOrigin(endpoint: string): URL | null {
  let url: URL
  try {
    url = new URL(/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`)
  } catch {
    return null
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) url.protocol = 'https:'
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return url
}

/** Path-style for an IP or localhost endpoint, virtual-hosted otherwise (oss2's rule, §5). */
export function objectUrl(endpoint: URL, bucket: string, key: string): URL {
  const encodedKey = key.split('/').map(encodeURIComponent).join('/')
  if (isIpOrLocalhost(endpoint.hostname))
    return new URL(`/${bucket}/${encodedKey}`, endpoint.origin)
  return new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}/${encodedKey}`)
}

function xmlCode(text: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1]
}

function raceAbort<T>(
  promise: Promise<GreenResult<T>>,
  signal?: AbortSignal,
): Promise<GreenResult<T>> {
  if (signal === undefined) return promise
  const cancelled: GreenResult<T> = {
    ok: false,
    error: local('CANCELLED', 'The upload was cancelled.'),
  }
  if (signal.aborted) return Promise.resolve(cancelled)
  return new Promise((resolve) => {
    const onAbort = (): void => {
      resolve(cancelled)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    void promise.then((result) => {
      signal.removeEventListener('abort', onAbort)
      resolve(result)
    })
  })
}

/** Codes after which fresh credentials may succeed (the issue: refresh once on these). */
const REFRESH_CODES = new Set([
  'SecurityTokenExpired',
  'InvalidAccessKeyId',
  'InvalidSecurityToken',
])

/**
 * Green's ClientUploader (§5): cached STS upload credentials, OSS V1-signed PUT with the token,
 * Content-Type from the sniffed bytes and Content-MD5, key `uploadFolder/images/<uuid>.<ext>`.
 */
export class OssUploader {
  private cached: UploadCredentials | null = null
  private inflight: Promise<GreenResult<UploadCredentials>> | null = null
  private readonly now: () => number
  private readonly marginMs: number

  constructor(
    private readonly client: GreenClient,
    private readonly options: UploaderOptions = {},
  ) {
    this.now = options.now ?? Date.now
    this.marginMs = options.marginMs ?? 60_000
  }

  /** Drops the cached credentials (also done on an OSS token error). */
  invalidate(): void {
    this.cached = null
  }

  async credentials(signal?: AbortSignal): Promise<GreenResult<UploadCredentials>> {
    const cached = this.cached
    if (cached !== null && cached.expiredTime - this.marginMs > this.now()) {
      return { ok: true, value: cached }
    }
    // Single flight: concurrent uploads share one UploadCredentials call. It runs without any
    // one caller's signal, so cancelling one upload does not fail the others waiting on it.
    this.inflight ??= this.client
      .uploadCredentials()
      .then((result) => {
        if (result.ok) this.cached = result.value
        return result
      })
      .finally(() => {
        this.inflight = null
      })
    return raceAbort(this.inflight, signal)
  }

  async upload(
    input: UploadInput,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<GreenResult<UploadedObject>> {
    const prepared =
      input.kind === 'file'
        ? await prepareFile(input.path, options.signal)
        : prepareBytes(input.bytes)
    if ('code' in prepared) return { ok: false, error: prepared }
    const name = `${(this.options.uuid ?? randomUUID)()}.${prepared.type}`
    let refreshed = false
    for (;;) {
      const credentials = await this.credentials(options.signal)
      if (!credentials.ok) return credentials
      const result = await this.put(credentials.value, name, prepared, options.signal)
      if (result.ok || refreshed || !REFRESH_CODES.has(result.error.greenCode ?? '')) return result
      refreshed = true
      this.invalidate()
    }
  }

  private async put(
    credentials: UploadCredentials,
    name: string,
    prepared: Prepared,
    signal?: AbortSignal,
  ): Promise<GreenResult<UploadedObject>> {
    const endpoint = ossOrigin(credentials.ossEndpoint)
    if (endpoint === null) {
      return {
        ok: false,
        error: {
          ...appError(
            'NOT_GREEN_ENDPOINT',
            `Green returned an OSS endpoint that is not a URL (${credentials.ossEndpoint}).`,
          ),
          stopsQueue: true,
        },
      }
    }
    const folder = credentials.uploadFolder.replace(/^\/+|\/+$/g, '')
    const key = `${folder === '' ? '' : `${folder}/`}images/${name}`
    const bucket = credentials.uploadBucket
    const contentType = IMAGE_MIME[prepared.type]
    const headers: Record<string, string> = {
      'content-length': String(prepared.size),
      'content-md5': prepared.md5,
      'content-type': contentType,
      date: rfc1123(new Date()),
      'x-oss-security-token': credentials.securityToken,
    }
    const stringToSign = ossStringToSign({ method: 'PUT', bucket, key, headers })
    headers.authorization = `OSS ${credentials.accessKeyId}:${ossSignature(credentials.accessKeySecret, stringToSign)}`
    const sent = await sendHttp(this.client.poolSet, {
      url: objectUrl(endpoint, bucket, key),
      method: 'PUT',
      headers,
      body: prepared.body(),
      timeoutMs: this.options.timeoutMs ?? 60_000,
      ...(signal !== undefined ? { signal } : {}),
      what: 'OSS upload',
      lane: 'upload',
    })
    if (!sent.ok) return sent
    const { status, text } = sent.value
    if (status >= 200 && status < 300) {
      return {
        ok: true,
        value: {
          ossUrl: `oss://${bucket}/${key}`,
          bucket,
          key,
          contentType,
          size: prepared.size,
          sha256: prepared.sha256,
        },
      }
    }
    const code = xmlCode(text)
    const requestId = /<RequestId>([^<]+)<\/RequestId>/.exec(text)?.[1]
    return {
      ok: false,
      error: greenError({
        scope: 'request',
        ...(code !== undefined ? { code } : {}),
        httpStatus: status,
        message: `OSS ${/<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? ''}`.trim(),
        ...(requestId !== undefined ? { requestId } : {}),
      }),
    }
  }
}
