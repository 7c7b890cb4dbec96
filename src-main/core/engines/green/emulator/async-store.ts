import { createHash } from 'node:crypto'
import { isLoopbackHost } from '../green-endpoint'
import { sortedJson } from './sorted-json'

/** One async task (docs/green-api.md §6, §10.7). Times are emulator-clock ms. */
export interface AsyncTask {
  readonly taskId: string
  readonly entry: Record<string, unknown>
  readonly submittedAt: number
  readyAt: number
  readonly callback?: string
  readonly seed?: string
  readonly cryptType?: string
  notified: boolean
}

export interface CallbackRecord {
  readonly taskId: string
  readonly url: string
  readonly checksum: string
  readonly content: string
  attempts: number
  /** 'delivered' on HTTP 200; 'skipped' for non-loopback hosts (the emulator never calls out). */
  status: 'pending' | 'delivered' | 'failed' | 'skipped'
}

/**
 * `checksum = hex(SHA-256(uid + seed + content))` (§6). §11 decision: plain SHA-256 as the API
 * docs say, not HMAC; SM3 when cryptType is SM3.
 */
export function callbackChecksum(
  uid: string,
  seed: string,
  content: string,
  cryptType?: string,
): string {
  const algorithm = cryptType?.toUpperCase() === 'SM3' ? 'sm3' : 'sha256'
  return createHash(algorithm).update(`${uid}${seed}${content}`, 'utf8').digest('hex')
}

export interface CallbackOptions {
  readonly uid: string
  readonly maxAttempts: number
  readonly retryBaseMs: number
  readonly signal: AbortSignal
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve()
      return
    }
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}

/** POSTs the form `checksum` + `content` until HTTP 200, up to `maxAttempts` times (§6: 16). */
export async function deliverCallback(
  record: CallbackRecord,
  options: CallbackOptions,
): Promise<void> {
  let url: URL
  try {
    url = new URL(record.url)
  } catch {
    record.status = 'failed'
    return
  }
  if (!isLoopbackHost(url.hostname) || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    record.status = 'skipped'
    return
  }
  const form = new URLSearchParams({
    checksum: record.checksum,
    content: record.content,
  }).toString()
  for (let attempt = 1; attempt <= options.maxAttempts && !options.signal.aborted; attempt++) {
    record.attempts = attempt
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: form,
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(5_000)]),
      })
      await response.arrayBuffer()
      if (response.status === 200) {
        record.status = 'delivered'
        return
      }
    } catch {
      // retried below
    }
    await wait(options.retryBaseMs * 2 ** Math.min(attempt - 1, 6), options.signal)
  }
  record.status = 'failed'
}

export function callbackRecordFor(task: AsyncTask, uid: string): CallbackRecord | null {
  if (task.callback === undefined || task.seed === undefined) return null
  const content = sortedJson({ ...task.entry, taskId: task.taskId })
  return {
    taskId: task.taskId,
    url: task.callback,
    checksum: callbackChecksum(uid, task.seed, content, task.cryptType),
    content,
    attempts: 0,
    status: 'pending',
  }
}
