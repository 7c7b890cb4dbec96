import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { resolveContainedPath } from '../core/security/contained-path'
import { APP_HOST } from './origins'

/** The part of a protocol request the handlers read; Electron passes a full `Request`. */
export interface ProtocolRequest {
  readonly url: string
  readonly method: string
}

export type ProtocolHandler = (request: ProtocolRequest) => Promise<Response>

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  })
}

async function serveFile(
  file: string,
  method: string,
  extraHeaders: Record<string, string>,
): Promise<Response> {
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return plain(404, 'Not found')
  }
  const headers = {
    'Content-Type': mimeTypeFor(file),
    'Content-Length': String(body.byteLength),
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * `app://greenlight/<path>` serves the built renderer, with the CSP as a response header.
 * The path is re-checked against the renderer folder after realpath, so neither `..` tricks nor
 * a stray symlink can reach other files.
 */
export function createAppProtocolHandler(options: {
  rendererDir: string
  csp: string
}): ProtocolHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed')
    const url = parse(request.url)
    if (url?.protocol !== 'app:' || url.host !== APP_HOST) return plain(404, 'Not found')
    const path = url.pathname === '/' || url.pathname === '' ? 'index.html' : url.pathname.slice(1)
    const resolved = await resolveContainedPath(options.rendererDir, path)
    if (!resolved.ok) {
      return resolved.error.code === 'VALIDATION'
        ? plain(403, 'Forbidden')
        : plain(404, 'Not found')
    }
    return serveFile(resolved.value, request.method, { 'Content-Security-Policy': options.csp })
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/
/** The formats the thumbnailer writes, in the order they are looked for. */
export const THUMB_EXTENSIONS = ['webp', 'jpeg', 'jpg', 'png'] as const

/**
 * Thumbnails live at `thumb://img/<sha256>`. The id is the path, not the host: a 64-character
 * host label is longer than DNS allows (63), and standard-scheme hosts are canonicalised as
 * domain names, so an id there is one Chromium update away from being rejected.
 */
export const THUMB_HOST = 'img'

/** The id in `thumb://img/<sha256>`, or null. */
export function thumbIdFrom(url: string): string | null {
  const parsed = parse(url)
  if (parsed?.protocol !== 'thumb:' || parsed.hostname !== THUMB_HOST) return null
  if (parsed.search !== '' || parsed.hash !== '') return null
  const id = parsed.pathname.replace(/^\//, '').toLowerCase()
  return SHA256_HEX.test(id) ? id : null
}

/** What `thumb://preview/<sha256>?frame=N` or `thumb://full/<sha256>` asks for. */
export interface PreviewUrlRequest {
  readonly sha256: string
  readonly size: 'preview' | 'full'
  readonly frame: number
}

/**
 * The loupe's images share the thumbnail scheme under two more hosts: `preview` (fitted) and
 * `full` (1:1), with an optional `?frame=N` (a GIF's judged frame). Anything else is null.
 */
export function previewRequestFrom(url: string): PreviewUrlRequest | null {
  const parsed = parse(url)
  if (parsed?.protocol !== 'thumb:' || parsed.hash !== '') return null
  const size = parsed.hostname
  if (size !== 'preview' && size !== 'full') return null
  const sha256 = parsed.pathname.replace(/^\//, '').toLowerCase()
  if (!SHA256_HEX.test(sha256)) return null
  const keys = [...parsed.searchParams.keys()]
  if (keys.some((key) => key !== 'frame') || keys.length > 1) return null
  const frameText = parsed.searchParams.get('frame') ?? '0'
  if (!/^\d{1,3}$/.test(frameText)) return null
  return { sha256, size, frame: Number(frameText) }
}

/**
 * `thumb://img/<sha256>` serves `<thumbsDir>/<sha256>.<ext>`; `thumb://preview|full/<sha256>`
 * the loupe's images (docs/architecture.md §6). The renderer only ever holds opaque ids; anything
 * that is not 64 hex characters is refused before the disk is touched.
 */
export function createThumbProtocolHandler(options: {
  thumbsDir: string
  /** Makes a thumbnail not made yet (an image a CLI scanned); true once it exists. */
  make?: (sha256: string) => Promise<boolean>
  /** `<dataDir>/previews`: a preview is served only from inside it. */
  previewsDir?: string
  /** Makes (or finds) a preview; the file's path, or null when none can be made. */
  preview?: (request: PreviewUrlRequest) => Promise<string | null>
}): ProtocolHandler {
  const servePreview = async (request: ProtocolRequest): Promise<Response> => {
    const wanted = previewRequestFrom(request.url)
    if (wanted === null) return plain(400, 'Bad preview id')
    const made = options.preview ? await options.preview(wanted) : null
    if (made === null || options.previewsDir === undefined) return plain(404, 'Not found')
    const resolved = await resolveContainedPath(options.previewsDir, basename(made))
    if (!resolved.ok) return plain(resolved.error.code === 'VALIDATION' ? 403 : 404, 'Not found')
    return serveFile(resolved.value, request.method, {
      'Cache-Control': 'private, max-age=31536000, immutable',
    })
  }
  const serve = async (id: string, method: string): Promise<Response | null> => {
    for (const ext of THUMB_EXTENSIONS) {
      const resolved = await resolveContainedPath(options.thumbsDir, `${id}.${ext}`)
      if (resolved.ok) {
        // Content-addressed: the bytes for an id never change.
        return serveFile(resolved.value, method, {
          'Cache-Control': 'private, max-age=31536000, immutable',
        })
      }
      if (resolved.error.code === 'VALIDATION') return plain(403, 'Forbidden')
    }
    return null
  }
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed')
    const host = parse(request.url)?.hostname
    if (host === 'preview' || host === 'full') return servePreview(request)
    const id = thumbIdFrom(request.url)
    if (id === null) return plain(400, 'Bad thumbnail id')
    const served = await serve(id, request.method)
    if (served) return served
    if (options.make && (await options.make(id))) {
      const made = await serve(id, request.method)
      if (made) return made
    }
    return plain(404, 'Not found')
  }
}
