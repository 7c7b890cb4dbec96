import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Scene, Suggestion } from '../../../../../src-shared/domain'
import { sceneSchema, suggestionSchema } from '../../../../../src-shared/domain'
import { GREEN_OPERATIONS, type GreenAction } from '../green-client'
import { MAX_TASKS_PER_REQUEST } from '../green-types'
import {
  callbackRecordFor,
  deliverCallback,
  type AsyncTask,
  type CallbackRecord,
} from './async-store'
import { handleOssPut, type OssPutLog, type OssStsKey, type StoredObject } from './oss-put'
import { QpsLimiter } from './qps-limiter'
import { verifyRoaRequest, type KnownKey } from './roa-verify'
import {
  imageKeyOf,
  judgeTask,
  parseScanBody,
  scriptKeyForBytes,
  type ParsedScan,
  type VerdictScript,
} from './scan-logic'
import { newRequestId, newTaskId, sendJson, sendPopError } from './wire'

/**
 * A local stand-in for Green API 2018-05-09 (docs/green-api.md §10): verifies ROA and OSS signatures,
 * enforces limits and QPS, runs async tasks, records feedback, stores uploads, injects faults.
 * Verdicts are deterministic per image so runs are repeatable; tests can script them.
 */
export interface EmulatorOptions {
  readonly port?: number
  readonly host?: string
  readonly accessKeyId?: string
  readonly accessKeySecret?: string
  /** The account uid used in callback checksums (§6). */
  readonly accountUid?: string
  /** Images per second per AccessKey for scan/asyncscan (§4.6, default 50); 0 disables. */
  readonly qps?: number
  /** Requests per second per AccessKey for feedback (default 20). */
  readonly feedbackQps?: number
  /**
   * The network round trip, added before every answer: scans, uploads (OSS PUT), credentials,
   * feedback, errors and 588s alike, as a real network would. Limits (QPS, signatures) are
   * checked once the request has arrived, i.e. after this delay.
   */
  readonly latencyMs?: number
  /** Probability per request of a random fault: HTTP 500, dropped connection, or per-task 592. */
  readonly faultRate?: number
  /** How long an async task answers 280 (default 2 s). */
  readonly asyncDelayMs?: number
  /** How long async results are kept after completion (§6: 1 hour). */
  readonly asyncTtlMs?: number
  readonly uploadCredentialTtlMs?: number
  readonly maxSkewMs?: number
  /**
   * §11 decision: HTTP status of request-level business errors. Default 'http-200' (body code
   * only, as every capture shows); 'same-as-code' mirrors the code into the HTTP status.
   */
  readonly businessErrorStatus?: 'http-200' | 'same-as-code'
  readonly callbackMaxAttempts?: number
  readonly callbackRetryBaseMs?: number
  readonly random?: () => number
  /**
   * The emulator's clock (epoch ms) for QPS windows, async readiness/expiry and STS expiry; tests
   * may freeze it and move it with advanceTime(). Request Date checks always use the wall clock.
   */
  readonly clock?: () => number
  /** Uploaded bytes kept in memory; the oldest objects are dropped beyond this (default 512 MB). */
  readonly maxStoredBytes?: number
}

/** One-shot faults for the next matching request (§10.4, fault injection). */
export type EmulatorFault =
  | { readonly kind: 'http500'; readonly path?: string }
  | { readonly kind: 'drop'; readonly path?: string }
  | {
      readonly kind: 'task-code'
      readonly code: number
      readonly msg?: string
      readonly path?: string
    }
  | {
      readonly kind: 'request-code'
      readonly code: number
      readonly msg?: string
      readonly httpStatus?: number
      readonly path?: string
    }
  | {
      readonly kind: 'pop'
      readonly code: string
      readonly status: number
      readonly message?: string
      readonly path?: string
    }
  | { readonly kind: 'latency'; readonly ms: number; readonly path?: string }
  /** The service restarts under the request: HTTP 500, and every uploaded object is gone. */
  | { readonly kind: 'restart'; readonly path?: string }

export interface ScanLog {
  readonly action: 'ImageSyncScan' | 'ImageAsyncScan'
  readonly scan: ParsedScan
}

export interface FeedbackRecord {
  readonly accessKeyId: string
  readonly body: Readonly<Record<string, unknown>>
  readonly imageKey: string | null
}

export interface StsCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken: string
  readonly expiresAt: number
}

export interface EmulatorStats {
  readonly requests: Record<string, number>
  /** TCP connections accepted: shows whether clients keep connections alive. */
  connections: number
  throttled: number
  imagesScanned: number
  faultsInjected: number
}

export interface RunningEmulator {
  readonly endpoint: string
  readonly port: number
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly uploadBucket: string
  close(): Promise<void>
  // test hooks
  scriptVerdict(
    target:
      { readonly url: string } | { readonly bytes: Uint8Array } | { readonly imageKey: string },
    script: VerdictScript,
  ): void
  clearScripts(): void
  injectFaults(...faults: EmulatorFault[]): void
  /** Moves the emulator clock (async readiness and expiry, STS expiry); Date checks stay wall-clock. */
  advanceTime(ms: number): void
  /** Finishes the given async tasks (all when omitted) now, firing their callbacks. */
  completeAsyncTasks(taskIds?: readonly string[]): void
  issueStsCredentials(ttlMs?: number): StsCredentials
  /** Makes every issued upload (OSS STS) credential expired server-side. */
  expireUploadCredentials(): void
  /** Forgets every issued upload credential (OSS then answers InvalidAccessKeyId). */
  revokeUploadCredentials(): void
  readonly feedback: readonly FeedbackRecord[]
  readonly objects: ReadonlyMap<string, StoredObject>
  readonly ossPuts: readonly OssPutLog[]
  /** Accepted scan and asyncscan bodies, newest last (the last 1,000): what tests assert on. */
  readonly scans: readonly ScanLog[]
  readonly callbacks: readonly CallbackRecord[]
  readonly stats: EmulatorStats
}

const ROUTES = new Map<string, GreenAction>(
  Object.entries(GREEN_OPERATIONS).map(([action, path]) => [path, action as GreenAction]),
)

const MAX_ROA_BODY = 2 * 1024 * 1024
const MAX_OSS_BODY = 20 * 1024 * 1024 + 1024

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLarge())
        req.pause()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
  })
}

function randomText(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1'
  const accessKeyId = options.accessKeyId ?? 'LTAI5tGreenlightEmulator'
  const accessKeySecret = options.accessKeySecret ?? randomText(22)
  const uid = options.accountUid ?? '1234567890123456'
  const uploadBucket = 'greenlight-emulator'
  const uploadFolder = uid
  const maxSkewMs = options.maxSkewMs ?? 15 * 60_000
  const asyncDelayMs = options.asyncDelayMs ?? 2_000
  const asyncTtlMs = options.asyncTtlMs ?? 3_600_000
  const uploadTtlMs = options.uploadCredentialTtlMs ?? 3_600_000
  const random = options.random ?? Math.random
  const businessStatus = options.businessErrorStatus ?? 'http-200'

  let clockOffset = 0
  const clock = options.clock ?? Date.now
  const now = (): number => clock() + clockOffset
  const shutdown = new AbortController()

  const stsKeys = new Map<string, KnownKey>()
  const ossKeys = new Map<string, OssStsKey>()
  const nonces = new Map<string, number>()
  const scanLimiter = new QpsLimiter(options.qps ?? 50, now)
  const feedbackLimiter = new QpsLimiter(options.feedbackQps ?? 20, now)
  const objects = new Map<string, StoredObject>()
  const scripts = new Map<string, VerdictScript>()
  const feedbackOverrides = new Map<
    string,
    Map<Scene, { suggestion: Suggestion; label?: string }>
  >()
  const feedbackLog: FeedbackRecord[] = []
  const ossPuts: OssPutLog[] = []
  const scans: ScanLog[] = []
  const callbacks: CallbackRecord[] = []
  const asyncTasks = new Map<string, AsyncTask>()
  /** taskId → image key, so feedback by taskId finds the image (bounded). */
  const taskImages = new Map<string, string>()
  const faults: EmulatorFault[] = []
  const timers = new Set<NodeJS.Timeout>()
  const stats: EmulatorStats = {
    requests: {},
    connections: 0,
    throttled: 0,
    imagesScanned: 0,
    faultsInjected: 0,
  }
  let endpoint = ''

  const rememberTask = (taskId: string, imageKey: string): void => {
    taskImages.set(taskId, imageKey)
    if (taskImages.size > 100_000) {
      const oldest = taskImages.keys().next().value
      if (oldest !== undefined) taskImages.delete(oldest)
    }
  }

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, ms)
    timers.add(timer)
  }

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      later(ms, resolve)
    })

  /** Fires callbacks of async tasks that are ready (after a timer, a clock move, or a hook). */
  const settleAsync = (): void => {
    const at = now()
    for (const task of asyncTasks.values()) {
      // Long-expired tasks are forgotten (a day after expiry) so a long run does not grow forever.
      if (at >= task.readyAt + asyncTtlMs + 86_400_000) {
        asyncTasks.delete(task.taskId)
        continue
      }
      if (task.notified || at < task.readyAt) continue
      task.notified = true
      const record = callbackRecordFor(task, uid)
      if (record === null) continue
      callbacks.push(record)
      void deliverCallback(record, {
        uid,
        maxAttempts: options.callbackMaxAttempts ?? 16,
        retryBaseMs: options.callbackRetryBaseMs ?? 1_000,
        signal: shutdown.signal,
      })
    }
  }

  const sendBusiness = (res: ServerResponse, code: number, msg: string, data?: unknown): void => {
    const status =
      code !== 200 && businessStatus === 'same-as-code' ? Math.min(Math.max(code, 400), 599) : 200
    sendJson(res, status, {
      code,
      ...(data !== undefined ? { data } : {}),
      msg,
      requestId: newRequestId(),
    })
  }

  const takeFault = (path: string): EmulatorFault | undefined => {
    const index = faults.findIndex((fault) => fault.path === undefined || fault.path === path)
    if (index >= 0) return faults.splice(index, 1)[0]
    const rate = options.faultRate ?? 0
    if (rate > 0 && random() < rate) {
      const pick = random()
      if (pick < 1 / 3) return { kind: 'http500' }
      if (pick < 2 / 3) return { kind: 'drop' }
      return { kind: 'task-code', code: 592, msg: 'DOWNLOAD_TIMEOUT' }
    }
    return undefined
  }

  const world = () => ({
    bucket: uploadBucket,
    objects,
    scripts,
    feedback: feedbackOverrides,
    frameBase: `${endpoint}/frames`,
  })

  const maxStoredBytes = options.maxStoredBytes ?? 512 * 1024 * 1024
  let storedBytes = 0
  const store = (object: StoredObject): void => {
    const id = `${object.bucket}/${object.key}`
    const previous = objects.get(id)
    if (previous !== undefined) storedBytes -= previous.bytes.length
    objects.delete(id)
    objects.set(id, object)
    storedBytes += object.bytes.length
    for (const [oldId, old] of objects) {
      if (storedBytes <= maxStoredBytes || oldId === id) break
      objects.delete(oldId)
      storedBytes -= old.bytes.length
    }
  }

  const handleScan = (
    res: ServerResponse,
    scan: ParsedScan,
    taskFault: EmulatorFault | undefined,
  ): void => {
    stats.imagesScanned += scan.tasks.length
    const data = scan.tasks.map((task) => {
      const taskId = newTaskId()
      if (taskFault?.kind === 'task-code') {
        return {
          code: taskFault.code,
          ...(task.dataId !== undefined ? { dataId: task.dataId } : {}),
          extras: {},
          msg: taskFault.msg ?? 'FAULT',
          taskId,
          url: task.url,
        }
      }
      const judged = judgeTask(task, scan.scenes, world())
      rememberTask(taskId, judged.imageKey)
      return { ...judged.entry, taskId }
    })
    sendBusiness(res, 200, 'OK', data)
  }

  const handleAsyncScan = (
    res: ServerResponse,
    scan: ParsedScan,
    taskFault: EmulatorFault | undefined,
  ): void => {
    stats.imagesScanned += scan.tasks.length
    const submittedAt = now()
    const data = scan.tasks.map((task) => {
      const taskId = newTaskId()
      const judged =
        taskFault?.kind === 'task-code'
          ? {
              imageKey: `url:${task.url}`,
              entry: {
                code: taskFault.code,
                ...(task.dataId !== undefined ? { dataId: task.dataId } : {}),
                extras: {},
                msg: taskFault.msg ?? 'FAULT',
                url: task.url,
              },
            }
          : judgeTask(task, scan.scenes, world())
      rememberTask(taskId, judged.imageKey)
      asyncTasks.set(taskId, {
        taskId,
        entry: judged.entry,
        submittedAt,
        readyAt: submittedAt + asyncDelayMs,
        ...(scan.callback !== undefined ? { callback: scan.callback } : {}),
        ...(scan.seed !== undefined ? { seed: scan.seed } : {}),
        ...(scan.cryptType !== undefined ? { cryptType: scan.cryptType } : {}),
        notified: false,
      })
      // The submit answer has no extras (§4.5 capture).
      return {
        code: 200,
        ...(task.dataId !== undefined ? { dataId: task.dataId } : {}),
        msg: 'OK',
        taskId,
        url: task.url,
      }
    })
    later(asyncDelayMs + 1, settleAsync)
    sendBusiness(res, 200, 'OK', data)
  }

  const handleResults = (res: ServerResponse, json: unknown): void => {
    if (!Array.isArray(json) || json.length === 0 || !json.every((id) => typeof id === 'string')) {
      sendBusiness(res, 400, 'BAD_REQUEST: the body must be a JSON array of taskIds')
      return
    }
    if (json.length > MAX_TASKS_PER_REQUEST) {
      sendBusiness(res, 400, `BAD_REQUEST: at most ${MAX_TASKS_PER_REQUEST} taskIds per call`)
      return
    }
    settleAsync()
    const at = now()
    const data = json.map((taskId) => {
      const task = asyncTasks.get(taskId)
      // §11 decision: unknown ids answer 404, expired ones 594 EXPIRED (both per task).
      if (task === undefined) return { code: 404, extras: {}, msg: 'NOT_FOUND', taskId }
      const url = task.entry.url
      if (at < task.readyAt)
        return { code: 280, extras: {}, msg: 'PROCESSING - queue', taskId, url }
      if (at >= task.readyAt + asyncTtlMs)
        return { code: 594, extras: {}, msg: 'EXPIRED', taskId, url }
      return { ...task.entry, taskId }
    })
    sendBusiness(res, 200, 'OK', data)
  }

  const handleFeedback = (res: ServerResponse, json: unknown, caller: string): void => {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      sendBusiness(res, 400, 'BAD_REQUEST: the body must be a JSON object')
      return
    }
    const body = json as Record<string, unknown>
    const scenes: Scene[] = []
    if (body.scenes !== undefined) {
      if (!Array.isArray(body.scenes)) {
        sendBusiness(res, 400, 'BAD_REQUEST: scenes must be an array')
        return
      }
      for (const raw of body.scenes) {
        const scene = sceneSchema.safeParse(raw)
        if (!scene.success) {
          sendBusiness(res, 400, `BAD_REQUEST: scene ${JSON.stringify(raw)} is not supported`)
          return
        }
        scenes.push(scene.data)
      }
    }
    let suggestion: Suggestion | undefined
    if (body.suggestion !== undefined) {
      const parsed = suggestionSchema.safeParse(body.suggestion)
      if (!parsed.success) {
        sendBusiness(res, 400, 'BAD_REQUEST: suggestion must be pass or block')
        return
      }
      suggestion = parsed.data
      if (scenes.length === 0) {
        sendBusiness(res, 400, 'BAD_REQUEST: scenes is required when suggestion is set')
        return
      }
    }
    const taskId = typeof body.taskId === 'string' ? body.taskId : undefined
    const url = typeof body.url === 'string' ? body.url : undefined
    const imageKey =
      (taskId !== undefined ? taskImages.get(taskId) : undefined) ??
      (url !== undefined ? imageKeyOf(url, { objects }) : null)
    feedbackLog.push({ accessKeyId: caller, body, imageKey })
    if (imageKey !== null && suggestion !== undefined) {
      const perScene =
        feedbackOverrides.get(imageKey) ??
        new Map<Scene, { suggestion: Suggestion; label?: string }>()
      for (const scene of scenes) {
        perScene.set(scene, {
          suggestion,
          ...(typeof body.label === 'string' ? { label: body.label } : {}),
        })
      }
      feedbackOverrides.set(imageKey, perScene)
    }
    // §7: no data in the answer.
    sendBusiness(res, 200, 'OK')
  }

  const handleUploadCredentials = (res: ServerResponse): void => {
    const stsId = `STS.${randomText(18)}`
    const key: OssStsKey = {
      secret: randomText(30),
      securityToken: `CAIS${randomText(96)}`,
      folder: uploadFolder,
      expiresAt: now() + uploadTtlMs,
    }
    ossKeys.set(stsId, key)
    // §11 decision: ossEndpoint is sent with its scheme; uploadFolder is the account uid.
    sendBusiness(res, 200, 'OK', {
      accessKeyId: stsId,
      accessKeySecret: key.secret,
      expiredTime: key.expiresAt,
      ossEndpoint: endpoint,
      ossInternalEndpoint: endpoint,
      securityToken: key.securityToken,
      uploadBucket,
      uploadFolder,
    })
  }

  const handleRoa = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    action: GreenAction,
  ): Promise<void> => {
    const body = await readBody(req, MAX_ROA_BODY)
    const hostHeader = req.headers.host ?? 'green-emulator'
    const verdict = verifyRoaRequest(
      req.method ?? 'POST',
      url.pathname,
      url.search,
      req.headers,
      body,
      {
        lookupKey: (id) => (id === accessKeyId ? { secret: accessKeySecret } : stsKeys.get(id)),
        wallNow: () => Date.now(),
        now,
        maxSkewMs,
        nonces,
      },
    )
    if (!verdict.ok) {
      sendPopError(res, verdict.status, verdict.code, verdict.message, hostHeader)
      return
    }
    let json: unknown
    try {
      json = JSON.parse(body.toString('utf8'))
    } catch {
      sendBusiness(res, 400, 'BAD_REQUEST: the body is not JSON')
      return
    }
    let scan: ParsedScan | undefined
    if (action === 'ImageSyncScan' || action === 'ImageAsyncScan') {
      const parsed = parseScanBody(json)
      if ('error' in parsed) {
        sendBusiness(res, 400, `BAD_REQUEST: ${parsed.error}`)
        return
      }
      scan = parsed
      if (!scanLimiter.tryTake(verdict.accessKeyId, parsed.tasks.length)) {
        stats.throttled++
        sendBusiness(res, 588, 'EXCEED_QUOTA')
        return
      }
      scans.push({ action, scan: parsed })
      if (scans.length > 1_000) scans.shift()
    }
    if (action === 'ImageScanFeedback' && !feedbackLimiter.tryTake(verdict.accessKeyId, 1)) {
      stats.throttled++
      sendBusiness(res, 588, 'EXCEED_QUOTA')
      return
    }
    let fault = takeFault(url.pathname)
    if (fault !== undefined) stats.faultsInjected++
    if (fault?.kind === 'latency') {
      await sleep(fault.ms)
      fault = undefined
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'restart') {
      objects.clear()
      storedBytes = 0
      sendJson(res, 500, { code: 500, msg: 'GENERAL_ERROR', requestId: newRequestId() })
      return
    }
    if (fault?.kind === 'http500') {
      sendJson(res, 500, { code: 500, msg: 'GENERAL_ERROR', requestId: newRequestId() })
      return
    }
    if (fault?.kind === 'pop') {
      sendPopError(res, fault.status, fault.code, fault.message ?? fault.code, hostHeader)
      return
    }
    if (fault?.kind === 'request-code') {
      sendJson(res, fault.httpStatus ?? 200, {
        code: fault.code,
        msg: fault.msg ?? 'FAULT',
        requestId: newRequestId(),
      })
      return
    }
    switch (action) {
      case 'ImageSyncScan':
        if (scan !== undefined) handleScan(res, scan, fault)
        return
      case 'ImageAsyncScan':
        if (scan !== undefined) handleAsyncScan(res, scan, fault)
        return
      case 'ImageAsyncScanResults':
        handleResults(res, json)
        return
      case 'ImageScanFeedback':
        handleFeedback(res, json, verdict.accessKeyId)
        return
      case 'UploadCredentials':
        handleUploadCredentials(res)
        return
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const hostHeader = req.headers.host ?? 'green-emulator'
    // Uploads are counted under one name, not one entry per object key.
    const counted = req.method === 'PUT' ? 'OSS PUT' : url.pathname
    stats.requests[counted] = (stats.requests[counted] ?? 0) + 1
    // Every request pays the round trip, uploads included: a client that uploads then scans one
    // image at a time must pay two, as it would against the real service.
    if (options.latencyMs !== undefined && options.latencyMs > 0) await sleep(options.latencyMs)
    if (req.method === 'PUT') {
      const body = await readBody(req, MAX_OSS_BODY)
      handleOssPut(req, res, body, {
        bucket: uploadBucket,
        lookupSts: (id) => ossKeys.get(id),
        now,
        wallNow: () => Date.now(),
        maxSkewMs,
        store,
        log: (entry) => ossPuts.push(entry),
      })
      return
    }
    const action = ROUTES.get(url.pathname)
    if (req.method === 'POST' && action !== undefined) {
      await handleRoa(req, res, url, action)
      return
    }
    if (req.method === 'GET' && url.pathname === '/') {
      sendJson(res, 200, {
        emulator: 'Greenlight Green emulator (API 2018-05-09)',
        operations: [...ROUTES.keys()],
      })
      return
    }
    sendPopError(
      res,
      404,
      'InvalidAction.NotFound',
      'Specified api is not found, please check your url and method.',
      hostHeader,
    )
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof BodyTooLarge) {
        sendPopError(
          res,
          413,
          'EntityTooLarge',
          'The request body is too large.',
          req.headers.host ?? 'green-emulator',
        )
        req.socket.destroySoon()
        return
      }
      sendPopError(
        res,
        500,
        'InternalError',
        'The request processing has failed due to some unknown error.',
        req.headers.host ?? 'green-emulator',
      )
    })
  })
  server.keepAliveTimeout = 65_000
  server.on('connection', () => {
    stats.connections++
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  endpoint = `http://${shownHost}:${address.port}`

  return {
    endpoint,
    port: address.port,
    accessKeyId,
    accessKeySecret,
    uploadBucket,
    async close() {
      shutdown.abort()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      })
    },
    scriptVerdict(target, script) {
      const key =
        'url' in target
          ? `url:${target.url}`
          : 'bytes' in target
            ? scriptKeyForBytes(target.bytes)
            : target.imageKey
      scripts.set(key, script)
    },
    clearScripts() {
      scripts.clear()
    },
    injectFaults(...list) {
      faults.push(...list)
    },
    advanceTime(ms) {
      clockOffset += ms
      settleAsync()
    },
    completeAsyncTasks(taskIds) {
      const at = now()
      for (const task of asyncTasks.values()) {
        if (taskIds === undefined || taskIds.includes(task.taskId))
          task.readyAt = Math.min(task.readyAt, at)
      }
      settleAsync()
    },
    issueStsCredentials(ttlMs = 3_600_000) {
      const credentials = {
        accessKeyId: `STS.${randomText(18)}`,
        accessKeySecret: randomText(30),
        securityToken: `CAIS${randomText(96)}`,
        expiresAt: now() + ttlMs,
      }
      stsKeys.set(credentials.accessKeyId, {
        secret: credentials.accessKeySecret,
        securityToken: credentials.securityToken,
        expiresAt: credentials.expiresAt,
      })
      return credentials
    },
    expireUploadCredentials() {
      for (const key of ossKeys.values()) key.expiresAt = now() - 1
    },
    revokeUploadCredentials() {
      ossKeys.clear()
    },
    feedback: feedbackLog,
    objects,
    ossPuts,
    scans,
    callbacks,
    stats,
  }
}
