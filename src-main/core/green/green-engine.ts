import { stat } from 'node:fs/promises'
import { SCENES, type Scene } from '../../../src-shared/domain'
import { appError, type AppError, type Result } from '../../../src-shared/result'
import type {
  AsyncScanning,
  PollOutcome,
  ScanEngine,
  ScanOptions,
  ScanTask,
  SubmitOutcome,
  TaskOutcome,
} from '../engine/scan-engine'
import {
  GreenClient,
  type GreenClientOptions,
  type GreenResult,
  type GreenTaskOutcome,
  type SubmitOutcome as GreenSubmitOutcome,
} from './green-client'
import type { GreenError } from './green-errors'
import { MAX_TASKS_PER_REQUEST, type GreenTask } from './green-types'
import { preflight, type FrameHints } from '../media/preflight'
import { OssUploader, type UploaderOptions } from './oss-uploader'

export interface GreenEngineOptions {
  readonly client: GreenClientOptions
  readonly uploader?: UploaderOptions
  /**
   * Check local files against Green's limits before upload (media/preflight.ts): a 25 MB or
   * 30,001 px image is re-encoded or downscaled into a temp file here, never rejected by Green.
   */
  readonly preflight?: { readonly tempDir: string }
  /**
   * Frame sampling (settings.frameHints) for animated GIFs and long images. Files get them from
   * pre-flight, which knows what they are; URLs always carry them (Green ignores them elsewhere).
   */
  readonly frameHints?: FrameHints
  /** Uploads in flight at once within one scan call. */
  readonly uploadConcurrency?: number
}

/** Runs `work` over `items` with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      out[index] = await work(items[index] as T)
    }
  })
  await Promise.all(lanes)
  return out
}

/** One image that failed on its own: the shape both TaskOutcome and SubmitOutcome share. */
interface Failed {
  readonly ok: false
  readonly dataId: string
  readonly error: AppError
}

type Prepared =
  | { readonly ok: true; readonly task: GreenTask; readonly note?: string }
  | { readonly ok: false; readonly error: GreenError }

/**
 * The Green engine (ARCHITECTURE.md §4): files and bytes go through the uploader and are scanned
 * as `oss://` URLs, URLs go direct; one sync scan per ≤100 tasks. Per-task codes become per-task
 * outcomes; a request-level failure (auth, throttling, network) is the Result's error.
 */
export class GreenEngine implements ScanEngine {
  readonly id = 'green' as const
  readonly supportedScenes: readonly Scene[] = SCENES
  /**
   * Uploads take a variable time (a 50-image batch: over a second), so tokens taken before them
   * let two requests land in one second of Green's window: the pace is kept at the request.
   */
  readonly pacesItself = true

  private constructor(
    private readonly client: GreenClient,
    private readonly uploader: OssUploader,
    private readonly uploadConcurrency: number,
    private readonly preflightTempDir: string | null,
    private readonly frameHints: FrameHints | undefined,
  ) {}

  /** Files uploaded lately, by path, size and mtime (see UPLOAD_REUSE_MS). */
  private readonly uploads = new Map<
    string,
    { task: GreenTask; note: { note?: string }; at: number }
  >()

  static create(options: GreenEngineOptions): Result<GreenEngine> {
    const client = GreenClient.create(options.client)
    if (!client.ok) return client
    return {
      ok: true,
      value: new GreenEngine(
        client.value,
        new OssUploader(client.value, options.uploader),
        options.uploadConcurrency ?? 4,
        options.preflight?.tempDir ?? null,
        options.frameHints,
      ),
    }
  }

  /** Submit now, poll later (green-api.md §6): the same uploads, then ImageAsyncScan. */
  readonly async: AsyncScanning = {
    maxPollBatch: MAX_TASKS_PER_REQUEST,
    submit: (tasks, scenes, options) => this.submit(tasks, scenes, options),
    poll: (taskIds, options) => this.poll(taskIds, options),
  }

  async scan(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    options: ScanOptions = {},
  ): Promise<Result<readonly TaskOutcome[]>> {
    return this.send<GreenTaskOutcome, TaskOutcome>(
      tasks,
      scenes,
      options,
      (request, call) => this.client.imageSyncScan(request, call),
      (dataId, answer, extra) => toOutcome(dataId, answer, extra),
    )
  }

  private submit(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    options: ScanOptions = {},
  ): Promise<Result<readonly SubmitOutcome[]>> {
    return this.send<GreenSubmitOutcome, SubmitOutcome>(
      tasks,
      scenes,
      options,
      (request, call) => this.client.imageAsyncScan(request, call),
      (dataId, answer, extra): SubmitOutcome =>
        answer.status === 'submitted'
          ? { ok: true, dataId, taskId: answer.taskId, ...extra }
          : { ok: false, dataId, error: answer.error },
    )
  }

  /**
   * What a sync scan and an async submission share: pre-flight and uploads, then one paced
   * request per 100 ready tasks, each answer turned into the caller's outcome (with the note and
   * the URL Green judged). Outcomes come back in task order; a task nobody answered is retried.
   */
  private async send<A extends { readonly dataId?: string }, O>(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    options: ScanOptions,
    request: (
      body: { scenes: readonly Scene[]; tasks: GreenTask[]; bizType?: string },
      call: { signal?: AbortSignal },
    ) => Promise<GreenResult<{ readonly tasks: readonly A[] }>>,
    outcome: (dataId: string, answer: A, extra: { note?: string; sentUrl?: string }) => O,
  ): Promise<Result<readonly (O | Failed)[]>> {
    const prepared = await this.prepareAll(tasks, scenes, options.signal)
    if (!prepared.ok) return prepared
    const { ready, notes, failures } = prepared.value
    const outcomes = new Map<string, O | Failed>(failures)
    for (let start = 0; start < ready.length; start += MAX_TASKS_PER_REQUEST) {
      const batch = ready.slice(start, start + MAX_TASKS_PER_REQUEST)
      const paced = await options.pace?.(batch.length, options.signal)
      if (paced?.ok === false) return paced
      const answer = await request(
        { scenes, tasks: batch, ...bizTypeOf(options) },
        callOptions(options.signal),
      )
      if (!answer.ok) return answer
      const sentUrls = new Map(batch.map((t) => [t.dataId, t.url]))
      answer.value.tasks.forEach((task, index) => {
        // Green echoes dataId; without it, answers come in request order.
        const dataId = task.dataId ?? batch[index]?.dataId
        if (dataId === undefined) return
        const note = notes.get(dataId)
        const sentUrl = sentUrls.get(dataId)
        outcomes.set(
          dataId,
          outcome(dataId, task, {
            ...(note !== undefined ? { note } : {}),
            ...(sentUrl !== undefined ? { sentUrl } : {}),
          }),
        )
      })
    }
    return { ok: true, value: tasks.map((task) => outcomes.get(task.dataId) ?? noAnswer(task)) }
  }

  private async poll(
    taskIds: readonly string[],
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<Result<readonly PollOutcome[]>> {
    const answer = await this.client.imageAsyncScanResults(taskIds, callOptions(options.signal))
    if (!answer.ok) return answer
    const byTask = new Map<string, GreenTaskOutcome>()
    answer.value.tasks.forEach((task, index) => {
      const taskId = task.taskId ?? taskIds[index]
      if (taskId !== undefined) byTask.set(taskId, task)
    })
    return {
      ok: true,
      value: taskIds.map((taskId): PollOutcome => {
        const task = byTask.get(taskId)
        // Not in the answer: asked again next round, like a 280.
        if (task === undefined || task.status === 'pending') return { status: 'pending', taskId }
        if (task.status === 'failed') return { status: 'failed', taskId, error: task.error }
        return { status: 'done', taskId, results: task.results, unsupported: [] }
      }),
    }
  }

  /**
   * Uploads (pipelined, `uploadConcurrency` at once) and pre-flight for files; URLs as they are.
   * Per-image failures come back in `failures`; one that would hit every image (auth) fails all.
   */
  private async prepareAll(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    signal: AbortSignal | undefined,
  ): Promise<
    Result<{
      ready: GreenTask[]
      notes: Map<string, string>
      failures: Map<string, Failed>
    }>
  > {
    if (tasks.length > 0 && scenes.length === 0)
      return { ok: false, error: appError('VALIDATION', 'Choose at least one scene to scan.') }
    // Upload credentials (one round trip, cached for their lifetime) are fetched while the
    // files are pre-flighted, not after: the first batch of a run reaches Green sooner.
    if (tasks.some((t) => t.input.kind !== 'url')) {
      void this.uploader.credentials(signal).catch(() => undefined)
    }
    const prepared = await mapLimit(tasks, this.uploadConcurrency, (task) =>
      this.prepare(task, signal),
    )
    // An upload failure that would hit every image (auth, account) fails the whole call.
    const fatal = prepared.find(
      (p): p is Extract<Prepared, { ok: false }> => !p.ok && p.error.stopsQueue,
    )
    if (fatal !== undefined) return { ok: false, error: fatal.error }
    const failures = new Map<string, Failed>()
    const ready: GreenTask[] = []
    const notes = new Map<string, string>()
    tasks.forEach((task, index) => {
      const p = prepared[index]
      if (p === undefined) return
      if (p.ok) {
        ready.push(p.task)
        if (p.note !== undefined) notes.set(task.dataId, p.note)
      } else failures.set(task.dataId, { ok: false, dataId: task.dataId, error: p.error })
    })
    return { ok: true, value: { ready, notes, failures } }
  }

  async close(): Promise<void> {
    await this.client.close()
  }

  private async prepare(task: ScanTask, signal?: AbortSignal): Promise<Prepared> {
    if (task.input.kind !== 'file') return this.prepareUncached(task, signal)
    // A retried call (588, 5xx, a dropped socket) or a resubmission sends the same files again:
    // the object already uploaded serves, instead of uploading every image of the batch anew.
    const key = await uploadKey(task.input.path)
    const hit = key === null ? undefined : this.uploads.get(key)
    if (hit !== undefined && Date.now() - hit.at < UPLOAD_REUSE_MS) {
      return { ok: true, task: { ...hit.task, dataId: task.dataId }, ...hit.note }
    }
    const prepared = await this.prepareUncached(task, signal)
    if (prepared.ok && key !== null) {
      this.uploads.delete(key)
      this.uploads.set(key, {
        task: prepared.task,
        note: prepared.note !== undefined ? { note: prepared.note } : {},
        at: Date.now(),
      })
      // Oldest first out: a Map iterates in insertion order.
      for (const old of this.uploads.keys()) {
        if (this.uploads.size <= UPLOAD_REUSE_MAX) break
        this.uploads.delete(old)
      }
    }
    return prepared
  }

  private async prepareUncached(task: ScanTask, signal?: AbortSignal): Promise<Prepared> {
    const frames = {
      ...(task.interval !== undefined ? { interval: task.interval } : {}),
      ...(task.maxFrames !== undefined ? { maxFrames: task.maxFrames } : {}),
    }
    if (task.input.kind === 'url')
      return {
        ok: true,
        task: { dataId: task.dataId, url: task.input.url, ...this.frameHints, ...frames },
      }
    if (task.input.kind === 'file' && this.preflightTempDir !== null) {
      const checked = await preflight(task.input.path, {
        tempDir: this.preflightTempDir,
        ...(this.frameHints !== undefined ? { frameHints: this.frameHints } : {}),
      })
      // A file Green could never take fails alone, with the reason, before any upload.
      if (!checked.ok) return { ok: false, error: { ...checked.error, stopsQueue: false } }
      try {
        const uploaded = await this.uploader.upload(
          { kind: 'file', path: checked.value.path },
          signal !== undefined ? { signal } : {},
        )
        if (!uploaded.ok) return uploaded
        const hints = {
          ...(checked.value.interval !== undefined ? { interval: checked.value.interval } : {}),
          ...(checked.value.maxFrames !== undefined ? { maxFrames: checked.value.maxFrames } : {}),
          ...frames,
        }
        return {
          ok: true,
          task: { dataId: task.dataId, url: uploaded.value.ossUrl, ...hints },
          ...(checked.value.note !== null ? { note: checked.value.note } : {}),
        }
      } finally {
        // The temp copy (if any) has served its purpose once uploaded or failed.
        await checked.value.cleanup()
      }
    }
    const uploaded = await this.uploader.upload(
      task.input.kind === 'file'
        ? { kind: 'file', path: task.input.path }
        : { kind: 'bytes', bytes: task.input.bytes },
      signal !== undefined ? { signal } : {},
    )
    if (!uploaded.ok) return uploaded
    return { ok: true, task: { dataId: task.dataId, url: uploaded.value.ossUrl, ...frames } }
  }
}

/**
 * How long an uploaded object is reused for the same unchanged file. Long enough for every retry
 * and a resubmission after an expired async task; short beside how long Green keeps uploads.
 */
const UPLOAD_REUSE_MS = 10 * 60 * 1000
const UPLOAD_REUSE_MAX = 5_000

/** A file as it is now: the same path, size and mtime mean the same bytes were uploaded. */
async function uploadKey(path: string): Promise<string | null> {
  try {
    const info = await stat(path)
    return `${path}\u0000${String(info.size)}\u0000${String(info.mtimeMs)}`
  } catch {
    return null // gone: prepare says so with the proper per-file error
  }
}

function bizTypeOf(options: ScanOptions): { bizType?: string } {
  return options.bizType !== undefined && options.bizType !== null
    ? { bizType: options.bizType }
    : {}
}

function callOptions(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal !== undefined ? { signal } : {}
}

function noAnswer(task: { readonly dataId: string }): Failed {
  return {
    ok: false,
    dataId: task.dataId,
    error: appError(
      'SERVER_ERROR',
      'Green did not answer for this image. It will be retried.',
      true,
    ),
  }
}

function toOutcome(
  dataId: string,
  outcome: GreenTaskOutcome,
  extra: { note?: string; sentUrl?: string },
): TaskOutcome {
  switch (outcome.status) {
    case 'done':
      return {
        ok: true,
        dataId,
        results: outcome.results,
        unsupported: [],
        ...(outcome.taskId !== undefined ? { taskId: outcome.taskId } : {}),
        ...extra,
      }
    case 'failed':
      return { ok: false, dataId, error: outcome.error }
    case 'pending':
      return {
        ok: false,
        dataId,
        error: appError(
          'SERVER_ERROR',
          'Green answered a sync scan with "still processing". It will be retried.',
          true,
        ),
      }
  }
}
