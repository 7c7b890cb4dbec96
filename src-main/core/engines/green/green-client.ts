import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { SceneResult } from '../../../../src-shared/domain'
import { appError } from '../../../../src-shared/result'
import { resolveGreenEndpoint } from './green-endpoint'
import { greenError, type GreenError } from './green-errors'
import {
  envelopeSchema,
  MAX_TASKS_PER_REQUEST,
  MAX_URL_LENGTH,
  popErrorSchema,
  toSceneResult,
  uploadCredentialsSchema,
  wireTaskSchema,
  type GreenTask,
  type ImageAsyncScanRequest,
  type ImageScanFeedbackRequest,
  type ImageSyncScanRequest,
  type UploadCredentials,
} from './green-types'
import { PoolSet, sendHttp, type HttpResponse } from './http-transport'
import { signRoaRequest, type RoaCredentials } from './roa-signer'

export type GreenResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: GreenError }

/** The five operations (docs/green-api.md §1.1). Note the feedback and credentials paths. */
export const GREEN_OPERATIONS = {
  ImageSyncScan: '/green/image/scan',
  ImageAsyncScan: '/green/image/asyncscan',
  ImageAsyncScanResults: '/green/image/results',
  ImageScanFeedback: '/green/image/feedback',
  UploadCredentials: '/green/credentials/uploadcredentials',
} as const
export type GreenAction = keyof typeof GREEN_OPERATIONS

/** §3.1: "A sync call answers within 6 s at most ... The recommended client timeout is 6 s." */
export const DEFAULT_SYNC_TIMEOUT_MS = 6_000
export const DEFAULT_OTHER_TIMEOUT_MS = 10_000

export interface GreenClientOptions {
  readonly credentials: RoaCredentials
  readonly region?: string
  /** Custom endpoint (e.g. the emulator); plain http only on loopback. */
  readonly endpoint?: string
  readonly syncTimeoutMs?: number
  readonly timeoutMs?: number
  /** Sent as the `clientInfo` query parameter (§1.4) when set. */
  readonly clientInfo?: Readonly<Record<string, string>>
  /** Injectable clock and nonce, for tests and for the emulator's clock hooks. */
  readonly now?: () => Date
  readonly nonce?: () => string
  readonly connections?: number
  /** Shared pools (the uploader reuses the client's). */
  readonly pools?: PoolSet
}

export interface CallOptions {
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
}

/** One task's outcome: judged, still processing (async, 280), or failed on its own. */
export type GreenTaskOutcome =
  | {
      readonly status: 'done'
      readonly dataId?: string
      readonly taskId?: string
      readonly url?: string
      readonly results: readonly SceneResult[]
    }
  | {
      readonly status: 'pending'
      readonly dataId?: string
      readonly taskId?: string
      readonly url?: string
    }
  | {
      readonly status: 'failed'
      readonly dataId?: string
      readonly taskId?: string
      readonly url?: string
      readonly error: GreenError
    }

export interface ScanResponse {
  readonly requestId: string
  readonly tasks: readonly GreenTaskOutcome[]
}

/** Async submit: per task, the server's taskId (or a per-task failure). */
export type SubmitOutcome =
  | {
      readonly status: 'submitted'
      readonly dataId?: string
      readonly taskId: string
      readonly url?: string
    }
  | {
      readonly status: 'failed'
      readonly dataId?: string
      readonly url?: string
      readonly error: GreenError
    }

export interface AsyncSubmitResponse {
  readonly requestId: string
  readonly tasks: readonly SubmitOutcome[]
}

const validation = (message: string): GreenError => ({
  ...appError('VALIDATION', message),
  stopsQueue: false,
})

/** Catches what Green would reject with 400 before spending a request on it (§3.1, §10.3). */
export function validateScanRequest(request: ImageSyncScanRequest): GreenError | null {
  if (request.scenes.length === 0) return validation('Choose at least one scene to scan.')
  if (request.tasks.length === 0) return validation('A scan request needs at least one image.')
  if (request.tasks.length > MAX_TASKS_PER_REQUEST) {
    return validation(
      `Green accepts at most ${MAX_TASKS_PER_REQUEST} images per request; got ${request.tasks.length}. Lower the batch size.`,
    )
  }
  const seen = new Set<string>()
  for (const task of request.tasks) {
    if (task.dataId !== undefined) {
      if (seen.has(task.dataId))
        return validation(`dataId "${task.dataId}" is used twice in one request.`)
      seen.add(task.dataId)
    }
    if (task.url.length > MAX_URL_LENGTH || !/^(https?|oss):\/\//i.test(task.url)) {
      return validation(
        `"${task.url.slice(0, 80)}" is not an http(s) or oss:// URL of at most 2048 characters.`,
      )
    }
  }
  return null
}

function taskBody(task: GreenTask): Record<string, unknown> {
  return {
    ...(task.dataId !== undefined ? { dataId: task.dataId } : {}),
    url: task.url,
    ...(task.interval !== undefined ? { interval: task.interval } : {}),
    ...(task.maxFrames !== undefined ? { maxFrames: task.maxFrames } : {}),
    ...(task.extras !== undefined ? { extras: task.extras } : {}),
  }
}

function echo(task: {
  dataId?: string | undefined
  taskId?: string | undefined
  url?: string | undefined
}) {
  return {
    ...(task.dataId !== undefined ? { dataId: task.dataId } : {}),
    ...(task.taskId !== undefined ? { taskId: task.taskId } : {}),
    ...(task.url !== undefined ? { url: task.url } : {}),
  }
}

/** One wire `data[i]` as an outcome; a malformed entry fails alone, not the whole request. */
function taskOutcome(raw: unknown, requestId: string): GreenTaskOutcome {
  const parsed = wireTaskSchema.safeParse(raw)
  if (!parsed.success) {
    return {
      status: 'failed',
      error: greenError({ scope: 'task', code: 500, message: 'malformed task entry', requestId }),
    }
  }
  const task = parsed.data
  const ids = echo(task)
  if (task.code === 280) return { status: 'pending', ...ids }
  if (task.code !== 200) {
    return {
      status: 'failed',
      ...ids,
      error: greenError({ scope: 'task', code: task.code, message: task.msg ?? '', requestId }),
    }
  }
  const results: SceneResult[] = []
  for (const rawResult of task.results ?? []) {
    const result = toSceneResult(rawResult)
    if (result === 'invalid') {
      return {
        status: 'failed',
        ...ids,
        error: greenError({
          scope: 'task',
          code: 500,
          message: 'malformed scene result',
          requestId,
        }),
      }
    }
    if (result !== null) results.push(result)
  }
  return { status: 'done', ...ids, results }
}

export class GreenClient {
  readonly endpoint: URL
  private readonly pools: PoolSet
  private readonly ownsPools: boolean

  private constructor(
    private readonly options: GreenClientOptions,
    endpoint: URL,
  ) {
    this.endpoint = endpoint
    this.ownsPools = options.pools === undefined
    this.pools = options.pools ?? new PoolSet(options.connections)
  }

  /** Fails (as a value) on an unknown region or a plain-http non-loopback endpoint. */
  static create(options: GreenClientOptions): GreenResult<GreenClient> {
    const endpoint = resolveGreenEndpoint(options)
    if (!endpoint.ok) return { ok: false, error: { ...endpoint.error, stopsQueue: true } }
    return { ok: true, value: new GreenClient(options, endpoint.value) }
  }

  /** The pools, so the OSS uploader shares keep-alive connections and shutdown. */
  get poolSet(): PoolSet {
    return this.pools
  }

  async close(): Promise<void> {
    if (this.ownsPools) await this.pools.close()
  }

  async imageSyncScan(
    request: ImageSyncScanRequest,
    options: CallOptions = {},
  ): Promise<GreenResult<ScanResponse>> {
    const invalid = validateScanRequest(request)
    if (invalid !== null) return { ok: false, error: invalid }
    const body = {
      ...(request.bizType !== undefined ? { bizType: request.bizType } : {}),
      scenes: request.scenes,
      tasks: request.tasks.map(taskBody),
    }
    const response = await this.call('ImageSyncScan', body, {
      ...options,
      timeoutMs: options.timeoutMs ?? this.options.syncTimeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS,
    })
    if (!response.ok) return response
    return this.scanTasks(response.value)
  }

  async imageAsyncScan(
    request: ImageAsyncScanRequest,
    options: CallOptions = {},
  ): Promise<GreenResult<AsyncSubmitResponse>> {
    const invalid = validateScanRequest(request)
    if (invalid !== null) return { ok: false, error: invalid }
    if (request.callback !== undefined && (request.seed === undefined || request.seed === '')) {
      return { ok: false, error: validation('An async scan with a callback needs a seed.') }
    }
    const body = {
      ...(request.bizType !== undefined ? { bizType: request.bizType } : {}),
      ...(request.callback !== undefined ? { callback: request.callback } : {}),
      ...(request.cryptType !== undefined ? { cryptType: request.cryptType } : {}),
      ...(request.offline !== undefined ? { offline: request.offline } : {}),
      scenes: request.scenes,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      tasks: request.tasks.map(taskBody),
    }
    const response = await this.call('ImageAsyncScan', body, options)
    if (!response.ok) return response
    const scanned = this.scanTasks(response.value)
    if (!scanned.ok) return scanned
    const tasks = scanned.value.tasks.map((task): SubmitOutcome => {
      if (task.status === 'failed') return task
      if (task.taskId === undefined) {
        return {
          status: 'failed',
          ...echo({ ...task, taskId: undefined }),
          error: greenError({
            scope: 'task',
            code: 500,
            message: 'no taskId returned',
            requestId: scanned.value.requestId,
          }),
        }
      }
      return { status: 'submitted', ...echo(task), taskId: task.taskId }
    })
    return { ok: true, value: { requestId: scanned.value.requestId, tasks } }
  }

  /** Polls async tasks (§3.3): the body is a bare JSON array of taskIds. 280 → 'pending'. */
  async imageAsyncScanResults(
    taskIds: readonly string[],
    options: CallOptions = {},
  ): Promise<GreenResult<ScanResponse>> {
    if (taskIds.length === 0 || taskIds.length > MAX_TASKS_PER_REQUEST) {
      return {
        ok: false,
        error: validation(`Poll between 1 and ${MAX_TASKS_PER_REQUEST} task ids at a time.`),
      }
    }
    const response = await this.call('ImageAsyncScanResults', taskIds, options)
    if (!response.ok) return response
    return this.scanTasks(response.value)
  }

  /** §7. `data` is empty or absent in the answer and is not required. */
  async imageScanFeedback(
    request: ImageScanFeedbackRequest,
    options: CallOptions = {},
  ): Promise<GreenResult<{ readonly requestId: string }>> {
    if (
      request.suggestion !== undefined &&
      (request.scenes === undefined || request.scenes.length === 0)
    ) {
      return { ok: false, error: validation('Feedback with a suggestion must name its scenes.') }
    }
    const body = {
      ...(request.dataId !== undefined ? { dataId: request.dataId } : {}),
      ...(request.label !== undefined ? { label: request.label } : {}),
      ...(request.note !== undefined ? { note: request.note } : {}),
      ...(request.scenes !== undefined ? { scenes: request.scenes } : {}),
      ...(request.suggestion !== undefined ? { suggestion: request.suggestion } : {}),
      ...(request.taskId !== undefined ? { taskId: request.taskId } : {}),
      ...(request.url !== undefined ? { url: request.url } : {}),
    }
    const response = await this.call('ImageScanFeedback', body, options)
    if (!response.ok) return response
    return { ok: true, value: { requestId: response.value.requestId } }
  }

  /** §5 step 1: the body is exactly `{}`. */
  async uploadCredentials(
    options: CallOptions = {},
  ): Promise<GreenResult<UploadCredentials & { readonly requestId: string }>> {
    const response = await this.call('UploadCredentials', {}, options)
    if (!response.ok) return response
    const parsed = uploadCredentialsSchema.safeParse(response.value.data)
    if (!parsed.success) {
      return {
        ok: false,
        error: greenError({
          scope: 'request',
          code: 500,
          message: `get upload credential from server fail: malformed data (${z.prettifyError(parsed.error)})`,
          requestId: response.value.requestId,
        }),
      }
    }
    return { ok: true, value: { ...parsed.data, requestId: response.value.requestId } }
  }

  private scanTasks(envelope: { requestId: string; data: unknown }): GreenResult<ScanResponse> {
    if (!Array.isArray(envelope.data)) {
      return {
        ok: false,
        error: greenError({
          scope: 'request',
          code: 500,
          message: 'the answer has no task list',
          requestId: envelope.requestId,
        }),
      }
    }
    return {
      ok: true,
      value: {
        requestId: envelope.requestId,
        tasks: envelope.data.map((entry) => taskOutcome(entry, envelope.requestId)),
      },
    }
  }

  /** Signs, sends and interprets one call; any failure is a GreenError value. */
  private async call(
    action: GreenAction,
    payload: unknown,
    options: CallOptions,
  ): Promise<GreenResult<{ requestId: string; data: unknown }>> {
    const body = JSON.stringify(payload)
    const query: Record<string, string> =
      this.options.clientInfo !== undefined
        ? { clientInfo: JSON.stringify(this.options.clientInfo) }
        : {}
    const signed = signRoaRequest({
      method: 'POST',
      path: GREEN_OPERATIONS[action],
      query,
      body,
      action,
      credentials: this.options.credentials,
      date: this.options.now?.() ?? new Date(),
      nonce: this.options.nonce?.() ?? randomUUID(),
    })
    const sent = await sendHttp(this.pools, {
      url: new URL(signed.pathWithQuery, this.endpoint),
      method: 'POST',
      headers: signed.headers,
      body,
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_OTHER_TIMEOUT_MS,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      what: `Green ${action}`,
    })
    if (!sent.ok) return sent
    return interpretResponse(sent.value)
  }
}

/**
 * Reads any Green answer (§4.1, §2.4): POP gateway errors by their capitalised keys, business
 * errors by body `code` whatever the HTTP status, and bare non-2xx answers by status.
 */
// §11 decision: whether request-level business errors arrive as HTTP 200 or with the code as
// the status is unknown, so the body `code` wins whenever there is one, under any status.
export function interpretResponse(
  response: HttpResponse,
): GreenResult<{ requestId: string; data: unknown }> {
  let json: unknown
  try {
    json = JSON.parse(response.text)
  } catch {
    const error =
      response.status >= 500
        ? greenError({ scope: 'request', httpStatus: response.status, message: 'non-JSON answer' })
        : {
            ...appError(
              'NOT_GREEN_ENDPOINT',
              `The endpoint answered HTTP ${response.status} with something that is not Green JSON. Check the endpoint and region.`,
              false,
              { reason: 'api', httpStatus: response.status },
            ),
            stopsQueue: true,
            httpStatus: response.status,
          }
    return { ok: false, error }
  }
  const pop = popErrorSchema.safeParse(json)
  if (pop.success) {
    return {
      ok: false,
      error: greenError({
        scope: 'request',
        code: pop.data.Code,
        message: pop.data.Message ?? '',
        httpStatus: response.status,
        ...(pop.data.RequestId !== undefined ? { requestId: pop.data.RequestId } : {}),
      }),
    }
  }
  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) {
    return {
      ok: false,
      error: greenError({
        scope: 'request',
        httpStatus: response.status,
        message: 'unrecognised answer',
      }),
    }
  }
  const { code, msg, requestId, data } = envelope.data
  if (code !== 200 || response.status < 200 || response.status > 299) {
    return {
      ok: false,
      error: greenError({
        scope: 'request',
        code: code !== 200 ? code : response.status,
        message: msg ?? '',
        httpStatus: response.status,
        ...(requestId !== undefined ? { requestId } : {}),
      }),
    }
  }
  return { ok: true, value: { requestId: requestId ?? '', data } }
}
