import { basename } from 'node:path'
import { SCENES, type ItemNote, type Scene } from '../../../../src-shared/domain'
import { appError, type AppError, type Result } from '../../../../src-shared/result'
import type {
  AsyncScanning,
  PollOutcome,
  ScanEngine,
  ScanOptions,
  ScanTask,
  SubmitOutcome,
  TaskOutcome,
} from '../scan-engine'
import {
  GreenClient,
  type GreenClientOptions,
  type GreenResult,
  type GreenTaskOutcome,
  type SubmitOutcome as GreenSubmitOutcome,
} from './green-client'
import { isNotFound, lostUploadError, type GreenError } from './green-errors'
import { MAX_TASKS_PER_REQUEST, type GreenTask } from './green-types'
import { fileChangedError } from '../../media/hash-file'
import {
  MAX_IMAGE_FILE_BYTES,
  readRegularFile,
  type FileBytes,
} from '../../media/open-regular-file'
import { preflight, type FrameHints } from '../../media/preflight'
import { Limiter } from '../../pacing/limiter'
import { OssUploader, type UploadedObject, type UploaderOptions } from './oss-uploader'

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
  /**
   * Uploads in flight at once: twice this many across all scan calls, first asked first served
   * (default 5: ten slots).
   */
  readonly uploadConcurrency?: number
}

/** One image that failed on its own: the shape both TaskOutcome and SubmitOutcome share. */
interface Failed {
  readonly ok: false
  readonly dataId: string
  readonly error: AppError
}

/** A task ready to send, and what its outcome must carry. */
interface Ready {
  readonly task: GreenTask
  readonly note?: ItemNote
  /** sha256 of the bytes behind the URL (a file read once, or bytes given): the verdict's key. */
  readonly sha256?: string
  /** The URL is an object Greenlight uploaded (not one the user gave): a 404 means it is gone. */
  readonly ours: boolean
}

type Prepared = ({ readonly ok: true } & Ready) | { readonly ok: false; readonly error: GreenError }

/** One scan or submit request to Green. */
type SendRequest<A> = (
  body: { scenes: readonly Scene[]; tasks: GreenTask[]; bizType?: string },
  call: { signal?: AbortSignal },
) => Promise<GreenResult<{ readonly tasks: readonly A[] }>>

/** What every outcome of a sent task carries besides Green's answer. */
interface Extra {
  note?: ItemNote
  sentUrl?: string
  sha256?: string
}

/** A prepared task with the task it came from, to prepare it again if its upload is lost. */
interface Sendable extends Ready {
  readonly source: ScanTask
}

/**
 * The Green engine (docs/architecture.md §4): files and bytes go through the uploader and are scanned
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
    uploadConcurrency: number,
    private readonly preflightTempDir: string | null,
    private readonly frameHints: FrameHints | undefined,
  ) {
    // Twice the per-call figure, shared and first come first served: the several batches in
    // flight at the start of a run (the service's concurrency) no longer split the slots evenly,
    // so the first one is sent first. Ten by default: a default batch of ten uploads in one
    // round trip, not two (the first request of a run leaves a round trip sooner).
    this.prepareGate = new Limiter(uploadConcurrency * 2)
  }

  private readonly prepareGate: Limiter

  /** The `oss://` URLs of objects this engine uploaded (the last OUR_URLS_MAX). */
  private readonly ourUrls = new Set<string>()

  /**
   * Files uploaded lately, by the sha256 of their content (see UPLOAD_REUSE_MS): never by path
   * and mtime, which a swapped file can keep.
   */
  private readonly uploads = new Map<
    string,
    { task: GreenTask; note: { note?: ItemNote }; at: number }
  >()

  static create(options: GreenEngineOptions): Result<GreenEngine> {
    const client = GreenClient.create(options.client)
    if (!client.ok) return client
    return {
      ok: true,
      value: new GreenEngine(
        client.value,
        new OssUploader(client.value, options.uploader),
        options.uploadConcurrency ?? 5,
        options.preflight?.tempDir ?? null,
        options.frameHints,
      ),
    }
  }

  /** The upload credentials, fetched now (one round trip) while the host stores its inputs. */
  warmUp(): void {
    void this.uploader.credentials().catch(() => undefined)
  }

  /** Submit now, poll later (docs/green-api.md §6): the same uploads, then ImageAsyncScan. */
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
    request: SendRequest<A>,
    outcome: (dataId: string, answer: A, extra: Extra) => O,
  ): Promise<Result<readonly (O | Failed)[]>> {
    const prepared = await this.prepareAll(tasks, scenes, options.signal)
    if (!prepared.ok) return prepared
    const { ready, failures } = prepared.value
    const outcomes = new Map<string, O | Failed>(failures)
    const lost: Sendable[] = []
    const first = await this.request(ready, scenes, options, request, (entry, answer) => {
      if (entry.ours && isNotFound(answer)) lost.push(entry)
      else outcomes.set(entry.source.dataId, outcome(entry.source.dataId, answer, extraOf(entry)))
    })
    if (!first.ok) return first
    if (lost.length > 0) {
      // Green lost objects Greenlight uploaded (a restart): each is uploaded again, once.
      for (const entry of lost) this.uploads.delete(entry.sha256 ?? '')
      const again = await this.prepareAll(
        lost.map((entry) => entry.source),
        scenes,
        options.signal,
        false,
      )
      if (!again.ok) return again
      for (const [dataId, failed] of again.value.failures) outcomes.set(dataId, failed)
      const second = await this.request(again.value.ready, scenes, options, request, (e, a) => {
        const answer = e.ours && isNotFound(a) ? { ...a, error: lostUploadError(a.error) } : a
        outcomes.set(e.source.dataId, outcome(e.source.dataId, answer, extraOf(e)))
      })
      if (!second.ok) return second
    }
    return { ok: true, value: tasks.map((task) => outcomes.get(task.dataId) ?? noAnswer(task)) }
  }

  /** One paced request per 100 ready tasks; each answer handed to `answered` with its task. */
  private async request<A extends { readonly dataId?: string }>(
    ready: readonly Sendable[],
    scenes: readonly Scene[],
    options: ScanOptions,
    send: SendRequest<A>,
    answered: (entry: Sendable, answer: A) => void,
  ): Promise<Result<void>> {
    for (let start = 0; start < ready.length; start += MAX_TASKS_PER_REQUEST) {
      const batch = ready.slice(start, start + MAX_TASKS_PER_REQUEST)
      const paced = await options.pace?.(batch.length, options.signal)
      if (paced?.ok === false) return paced
      const answer = await send(
        { scenes, tasks: batch.map((entry) => entry.task), ...bizTypeOf(options) },
        callOptions(options.signal),
      )
      if (!answer.ok) return answer
      const byId = new Map(batch.map((entry) => [entry.source.dataId, entry]))
      answer.value.tasks.forEach((task, index) => {
        // Green echoes dataId; without it, answers come in request order.
        const entry = byId.get(task.dataId ?? batch[index]?.source.dataId ?? '')
        if (entry !== undefined) answered(entry, task)
      })
    }
    return { ok: true, value: undefined }
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
        if (task.status === 'failed') return { status: 'failed', taskId, error: this.lost(task) }
        return { status: 'done', taskId, results: task.results, unsupported: [] }
      }),
    }
  }

  /**
   * Uploads (pipelined through the engine's gate) and pre-flight for files; URLs as they are.
   * Per-image failures come back in `failures`; one that would hit every image (auth) fails all.
   */
  private async prepareAll(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    signal: AbortSignal | undefined,
    reuse = true,
  ): Promise<Result<{ ready: Sendable[]; failures: Map<string, Failed> }>> {
    if (tasks.length > 0 && scenes.length === 0)
      return { ok: false, error: appError('VALIDATION', 'Choose at least one scene to scan.') }
    // Upload credentials (one round trip, cached for their lifetime) are fetched while the
    // files are pre-flighted, not after: the first batch of a run reaches Green sooner.
    if (tasks.some((t) => t.input.kind !== 'url')) {
      void this.uploader.credentials(signal).catch(() => undefined)
    }
    const prepared = await Promise.all(
      tasks.map((task) => this.prepareGate.run(() => this.prepare(task, signal, reuse))),
    )
    // An upload failure that would hit every image (auth, account) fails the whole call.
    const fatal = prepared.find(
      (p): p is Extract<Prepared, { ok: false }> => !p.ok && p.error.stopsQueue,
    )
    if (fatal !== undefined) return { ok: false, error: fatal.error }
    const failures = new Map<string, Failed>()
    const ready: Sendable[] = []
    tasks.forEach((task, index) => {
      const p = prepared[index]
      if (p === undefined) return
      if (p.ok) ready.push({ ...p, source: task })
      else failures.set(task.dataId, { ok: false, dataId: task.dataId, error: p.error })
    })
    return { ok: true, value: { ready, failures } }
  }

  /** A lost upload (404 on an object Greenlight put) is worded as such and never reused. */
  private lost(task: { readonly url?: string; readonly error: GreenError }): GreenError {
    if (task.url === undefined || !isNotFound(task) || !this.ourUrls.has(task.url)) {
      return task.error
    }
    for (const [key, upload] of this.uploads) {
      if (upload.task.url === task.url) this.uploads.delete(key)
    }
    return lostUploadError(task.error)
  }

  async close(): Promise<void> {
    await this.client.close()
  }

  private async prepare(task: ScanTask, signal?: AbortSignal, reuse = true): Promise<Prepared> {
    const input = task.input
    if (input.kind !== 'file') return this.prepareUncached(task, input, signal)
    // Read once: the hash, the reuse key, pre-flight and the upload all see the same bytes.
    const path = input.path
    const read = await readRegularFile(path, {
      maxBytes: MAX_IMAGE_FILE_BYTES,
      ...(signal !== undefined ? { signal } : {}),
    })
    if (!read.ok) return { ok: false, error: { ...read.error, stopsQueue: false } }
    const { sha256 } = read.value
    if (task.sha256 !== undefined && task.sha256 !== sha256) {
      return { ok: false, error: { ...fileChangedError(basename(path)), stopsQueue: false } }
    }
    // A retried call (588, 5xx, a dropped socket) or a resubmission sends the same files again:
    // the object already uploaded serves, instead of uploading every image of the batch anew.
    const hit = reuse ? this.uploads.get(sha256) : undefined
    if (hit !== undefined && Date.now() - hit.at < UPLOAD_REUSE_MS) {
      return {
        ok: true,
        task: { ...hit.task, dataId: task.dataId },
        ...hit.note,
        sha256,
        ours: true,
      }
    }
    const prepared = await this.prepareFile(task, path, read.value, signal)
    if (prepared.ok) {
      this.uploads.delete(sha256)
      this.uploads.set(sha256, {
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

  /** A file's bytes, read once: pre-flighted, then uploaded as they are or as a fitting copy. */
  private async prepareFile(
    task: ScanTask,
    path: string,
    original: FileBytes,
    signal?: AbortSignal,
  ): Promise<Prepared> {
    const frames = frameHintsOf(task)
    const call = signal !== undefined ? { signal } : {}
    if (this.preflightTempDir === null) {
      return this.uploaded(
        task,
        await this.uploader.upload({ kind: 'bytes', bytes: original.bytes }, call),
        frames,
      )
    }
    const checked = await preflight(path, {
      tempDir: this.preflightTempDir,
      original,
      ...(this.frameHints !== undefined ? { frameHints: this.frameHints } : {}),
    })
    // A file Green could never take fails alone, with the reason, before any upload.
    if (!checked.ok) return { ok: false, error: { ...checked.error, stopsQueue: false } }
    try {
      const sent = checked.value
      const uploaded = await this.uploader.upload(
        sent.temporary ? { kind: 'file', path: sent.path } : { kind: 'bytes', bytes: sent.content },
        call,
      )
      const hints = {
        ...(sent.interval !== undefined ? { interval: sent.interval } : {}),
        ...(sent.maxFrames !== undefined ? { maxFrames: sent.maxFrames } : {}),
        ...frames,
      }
      const ready = this.uploaded(task, uploaded, hints)
      // The verdict is for the original's bytes, of which the temp copy is a resized image.
      if (!ready.ok) return ready
      return {
        ...ready,
        sha256: sent.sha256,
        ...(sent.note !== null ? { note: sent.note } : {}),
      }
    } finally {
      // The temp copy (if any) has served its purpose once uploaded or failed.
      await checked.value.cleanup()
    }
  }

  private async prepareUncached(
    task: ScanTask,
    input: Exclude<ScanTask['input'], { kind: 'file' }>,
    signal?: AbortSignal,
  ): Promise<Prepared> {
    const frames = frameHintsOf(task)
    if (input.kind === 'url')
      return {
        ok: true,
        task: { dataId: task.dataId, url: input.url, ...this.frameHints, ...frames },
        ours: false,
      }
    const uploaded = await this.uploader.upload(
      { kind: 'bytes', bytes: input.bytes },
      signal !== undefined ? { signal } : {},
    )
    return this.uploaded(task, uploaded, frames)
  }

  private uploaded(
    task: ScanTask,
    uploaded: GreenResult<UploadedObject>,
    hints: { interval?: number; maxFrames?: number },
  ): Prepared {
    if (!uploaded.ok) return uploaded
    this.ourUrls.add(uploaded.value.ossUrl)
    // Oldest first out, like the reuse map.
    for (const old of this.ourUrls) {
      if (this.ourUrls.size <= OUR_URLS_MAX) break
      this.ourUrls.delete(old)
    }
    return {
      ok: true,
      task: { dataId: task.dataId, url: uploaded.value.ossUrl, ...hints },
      sha256: uploaded.value.sha256,
      ours: true,
    }
  }
}

function frameHintsOf(task: ScanTask): { interval?: number; maxFrames?: number } {
  return {
    ...(task.interval !== undefined ? { interval: task.interval } : {}),
    ...(task.maxFrames !== undefined ? { maxFrames: task.maxFrames } : {}),
  }
}

function extraOf(entry: Ready): Extra {
  return {
    ...(entry.note !== undefined ? { note: entry.note } : {}),
    sentUrl: entry.task.url,
    ...(entry.sha256 !== undefined ? { sha256: entry.sha256 } : {}),
  }
}

/**
 * How long an uploaded object is reused for the same unchanged file. Long enough for every retry
 * and a resubmission after an expired async task; short beside how long Green keeps uploads.
 */
const UPLOAD_REUSE_MS = 10 * 60 * 1000
const UPLOAD_REUSE_MAX = 5_000
const OUR_URLS_MAX = 20_000

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

function toOutcome(dataId: string, outcome: GreenTaskOutcome, extra: Extra): TaskOutcome {
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
