import type { Readable } from 'node:stream'
import type { Pool } from 'undici'
// The Pool and its request() alone: undici's index also loads fetch, WebSocket, the mocks and
// the caches, which Greenlight never uses, ~90 ms of every Green scan's start-up
// (docs/architecture.md §4). The index is also what puts request() on the Pool's prototype,
// hence `requestOn`.
import PoolClass from 'undici/lib/dispatcher/pool.js'
import requestOn from 'undici/lib/api/api-request.js'
import { transportError, type GreenError } from './green-errors'

/**
 * Which connections a request uses. Uploads get their own: each holds a connection for a round
 * trip or more, and a paced scan request queued behind them would leave late and the next one
 * on time, two in one second of Green's window, a 588 (docs/green-api.md §4.6). It matters
 * whenever OSS and Green share an origin (the emulator) and costs nothing when they do not.
 */
export type Lane = 'api' | 'upload'

/** One keep-alive undici Pool per origin (Green's endpoint, the OSS bucket host) and lane. */
export class PoolSet {
  private readonly pools = new Map<string, Pool>()
  private closed = false

  /** Per pool; ten by default, the Green engine's upload slots (green-engine.ts). */
  constructor(private readonly connections = 10) {}

  get(origin: string, lane: Lane = 'api'): Pool {
    const key = `${lane} ${origin}`
    let pool = this.pools.get(key)
    if (pool === undefined) {
      pool = new PoolClass(origin, {
        connections: this.connections,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 60_000,
      })
      this.pools.set(key, pool)
    }
    return pool
  }

  get size(): number {
    return this.pools.size
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map((pool) => pool.close()))
  }
}

export interface HttpRequest {
  readonly url: URL
  readonly method: 'POST' | 'PUT'
  readonly headers: Record<string, string>
  readonly body: string | Uint8Array | Readable
  readonly timeoutMs: number
  readonly signal?: AbortSignal
  /** For messages: "Green ImageSyncScan", "OSS upload". */
  readonly what: string
  readonly maxResponseBytes?: number
  /** Uploads go on their own connections (see Lane); everything else on 'api'. */
  readonly lane?: Lane
}

export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
}

export type HttpOutcome =
  | { readonly ok: true; readonly value: HttpResponse }
  | { readonly ok: false; readonly error: GreenError }

/**
 * Sends one request. The timeout covers the whole exchange (headers and body); the caller's
 * AbortSignal cancels it as CANCELLED, a timeout is TIMEOUT, resets/refusals are NETWORK.
 */
/** Read at call time: TypeScript would otherwise narrow `aborted` from the early check. */
function wasAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}

export async function sendHttp(pools: PoolSet, request: HttpRequest): Promise<HttpOutcome> {
  if (request.signal?.aborted === true) {
    return { ok: false, error: transportError(undefined, request.what, true, false) }
  }
  const timeout = AbortSignal.timeout(request.timeoutMs)
  const signal = request.signal !== undefined ? AbortSignal.any([request.signal, timeout]) : timeout
  try {
    const response = await requestOn.call(pools.get(request.url.origin, request.lane), {
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    })
    const limit = request.maxResponseBytes ?? 16 * 1024 * 1024
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer
      size += buffer.length
      if (size > limit) {
        response.body.destroy()
        throw Object.assign(new Error(`response larger than ${limit} bytes`), {
          code: 'RESPONSE_TOO_LARGE',
        })
      }
      chunks.push(buffer)
    }
    return {
      ok: true,
      value: {
        status: response.statusCode,
        headers: response.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      },
    }
  } catch (thrown) {
    return {
      ok: false,
      error: transportError(thrown, request.what, wasAborted(request.signal), timeout.aborted),
    }
  }
}
