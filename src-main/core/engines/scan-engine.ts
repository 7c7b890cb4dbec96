import type { EngineId, ItemNote, Scene, SceneResult } from '../../../src-shared/domain'
import type { AppError, Result } from '../../../src-shared/result'

/** One image to judge. `dataId` is unique within a call and echoes back in the outcome. */
export interface ScanTask {
  readonly dataId: string
  readonly input:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'url'; readonly url: string }
    | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly name: string }
  /** Frame sampling for GIFs and long images (Green's `interval`/`maxFrames`). */
  readonly interval?: number
  readonly maxFrames?: number
  /**
   * sha256 the caller hashed the file to. An engine that reads other bytes judges nothing and
   * answers FILE_CHANGED (retryable): the caller hashes again and looks the cache up again.
   */
  readonly sha256?: string
}

/** Per-task outcome: Green-shaped scene results, or an error that belongs to this image alone. */
export type TaskOutcome =
  | {
      readonly ok: true
      readonly dataId: string
      readonly results: readonly SceneResult[]
      /** Requested scenes this engine cannot judge: reported, never faked. */
      readonly unsupported: readonly Scene[]
      /** Green's server task id, when there is one. */
      readonly taskId?: string
      /** The URL the service judged (a file's uploaded copy), for feedback later. */
      readonly sentUrl?: string
      /** Something the user should know, e.g. "downscaled to fit Green's limits". */
      readonly note?: ItemNote
      /** sha256 of the bytes judged (a file read once by the engine): the verdict's key. */
      readonly sha256?: string
    }
  | { readonly ok: false; readonly dataId: string; readonly error: AppError }

/** An async submission's per-task answer: accepted with a taskId to poll, or refused alone. */
export type SubmitOutcome =
  | {
      readonly ok: true
      readonly dataId: string
      readonly taskId: string
      readonly note?: ItemNote
      readonly sentUrl?: string
      /** sha256 of the bytes submitted. */
      readonly sha256?: string
    }
  | { readonly ok: false; readonly dataId: string; readonly error: AppError }

/** One polled task: still processing (Green's 280), judged, or failed on its own. */
export type PollOutcome =
  | { readonly status: 'pending'; readonly taskId: string }
  | {
      readonly status: 'done'
      readonly taskId: string
      readonly results: readonly SceneResult[]
      readonly unsupported: readonly Scene[]
    }
  | { readonly status: 'failed'; readonly taskId: string; readonly error: AppError }

/**
 * Submit now, collect later (docs/green-api.md §6). Results are kept for an hour, so whoever submits
 * must persist the taskIds and poll until every task has answered.
 */
export interface AsyncScanning {
  submit(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    options?: ScanOptions,
  ): Promise<Result<readonly SubmitOutcome[]>>
  /** Up to `maxPollBatch` taskIds per call; outcomes come back in taskId order. */
  poll(
    taskIds: readonly string[],
    options?: { readonly signal?: AbortSignal },
  ): Promise<Result<readonly PollOutcome[]>>
  readonly maxPollBatch: number
}

export interface ScanOptions {
  readonly bizType?: string | null
  readonly signal?: AbortSignal
  /**
   * The rate limiter's wait for `images` images, for engines that `pacesItself`: called right
   * before each request counted against the quota, after the uploads, so what is paced is what
   * arrives at the service (Green counts arrivals in a sliding one-second window).
   */
  readonly pace?: (images: number, signal?: AbortSignal) => Promise<Result<void>>
}

/**
 * What the scan service drives (docs/architecture.md §4). A request-level failure (auth, throttling,
 * network) is the Result's error and applies to every task; per-image failures are outcomes.
 * Outcomes come back in task order.
 */
export interface ScanEngine {
  readonly id: EngineId
  /** Scenes this engine can judge; anything else is reported as unsupported. */
  readonly supportedScenes: readonly Scene[]
  /** Tasks it can usefully work on at once (its worker count); absent: the caller decides. */
  readonly parallelism?: number
  /**
   * True when the engine calls `options.pace` itself before each counted request; otherwise the
   * caller takes the tokens before calling it.
   */
  readonly pacesItself?: boolean
  /** Present when the engine can also submit and poll; items in async mode then use it. */
  readonly async?: AsyncScanning
  /**
   * Local files are coming: start what their first call needs (Green: upload credentials) now,
   * without waiting, so it is ready when the first batch is (docs/architecture.md §4).
   */
  warmUp?(): void
  scan(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    options?: ScanOptions,
  ): Promise<Result<readonly TaskOutcome[]>>
  close(): Promise<void>
}
