import { basename } from 'node:path'
import type { Scene, SceneResult } from '../../../../src-shared/domain'
import { appError, err, ok, type Result } from '../../../../src-shared/result'
import type { ScanEngine, ScanOptions, ScanTask, TaskOutcome } from '../scan-engine'
import type { ImageSource } from '../../media/decode-image'
import { fileChangedError } from '../../media/hash-file'
import { DEFAULT_LOCAL_THRESHOLDS, localThresholdsSchema, type LocalThresholds } from './thresholds'
import { pornSceneResult, qrcodeSceneResult } from './verdicts'
import type { NsfwScores } from './nsfw-scores'
import { adoptPrestartedPool } from './prestart'
import { WorkerPool, type WorkerPoolOptions } from './worker-pool'
import type { RawJudgement } from './worker-protocol'

/** What the on-device models can judge. terrorism, ad, live and logo have no local model. */
export const LOCAL_SCENES: readonly Scene[] = ['porn', 'qrcode']

export interface LocalEngineOptions {
  readonly thresholds?: LocalThresholds
  /** Share a pool (tests, benchmark) or let the engine build one. */
  readonly pool?: WorkerPool
  readonly poolOptions?: WorkerPoolOptions
  /**
   * Frames judged per animated image (settings.frameHints.maxFrames), spread evenly over the
   * animation: the same cost as Green's first-N sampling with better coverage.
   */
  readonly maxFrames?: number
  /**
   * Start loading the model now rather than at the first scan: the host creates the engine just
   * before it enqueues, so the load overlaps opening, walking and hashing the inputs.
   */
  readonly preload?: boolean
}

/** Turns a worker's raw findings into Green-shaped results for the scenes asked for. */
export function sceneResults(
  raw: RawJudgement,
  scenes: readonly Scene[],
  thresholds: LocalThresholds,
): SceneResult[] {
  const results: SceneResult[] = []
  for (const scene of scenes) {
    if (scene === 'porn') {
      const scores = raw.frames.map((f) => f.nsfw).filter((s): s is NsfwScores => s !== undefined)
      if (scores.length > 0) results.push(pornSceneResult(scores, thresholds))
    } else if (scene === 'qrcode') {
      results.push(qrcodeSceneResult(raw.frames.flatMap((f) => f.qr ?? [])))
    }
  }
  return results
}

/**
 * The offline engine (ISSUE 4): nsfwjs on tfjs-wasm for porn, zxing-wasm for qrcode, in worker
 * threads. Its results have exactly Green's shape, so store, UI and export treat them alike.
 */
export class LocalEngine implements ScanEngine {
  readonly id = 'local' as const
  readonly supportedScenes = LOCAL_SCENES
  private readonly pool: WorkerPool
  private readonly ownsPool: boolean
  private thresholds: LocalThresholds

  private readonly maxFrames: number | undefined

  constructor(options: LocalEngineOptions = {}) {
    this.pool =
      options.pool ??
      adoptPrestartedPool(options.poolOptions) ??
      new WorkerPool(options.poolOptions)
    this.ownsPool = options.pool === undefined
    this.thresholds = localThresholdsSchema.parse(options.thresholds ?? DEFAULT_LOCAL_THRESHOLDS)
    this.maxFrames = options.maxFrames
    if (options.preload === true) void this.pool.start()
  }

  /** Settings changed: later scans use the new cut-offs (no model reload needed). */
  setThresholds(thresholds: LocalThresholds): void {
    this.thresholds = localThresholdsSchema.parse(thresholds)
  }

  /** How many images it judges at once; callers keep this many in flight to keep cores busy. */
  get parallelism(): number {
    return this.pool.size
  }

  async scan(
    tasks: readonly ScanTask[],
    scenes: readonly Scene[],
    options: ScanOptions = {},
  ): Promise<Result<readonly TaskOutcome[]>> {
    const judged = LOCAL_SCENES.filter((s) => scenes.includes(s))
    const unsupported = scenes.filter((s) => !LOCAL_SCENES.includes(s))
    if (judged.length > 0) {
      const started = await this.pool.start()
      if (!started.ok) return err(started.error)
    }
    const thresholds = this.thresholds
    const outcomes = await Promise.all(
      tasks.map(async (task): Promise<TaskOutcome> => {
        const fail = (error: ReturnType<typeof appError>): TaskOutcome => ({
          ok: false,
          dataId: task.dataId,
          error,
        })
        if (options.signal?.aborted) return fail(appError('CANCELLED', 'The scan was cancelled.'))
        if (judged.length === 0) return { ok: true, dataId: task.dataId, results: [], unsupported }
        let source: ImageSource
        if (task.input.kind === 'file') source = { kind: 'file', path: task.input.path }
        else if (task.input.kind === 'bytes')
          source = { kind: 'bytes', bytes: task.input.bytes, name: task.input.name }
        else {
          return fail(
            appError(
              'UNSUPPORTED_INPUT',
              'The local engine judges local files only and never downloads. Save the image to disk, or scan URLs with the Green engine.',
              false,
              { reason: 'url-offline' },
            ),
          )
        }
        const raw = await this.pool.run(
          {
            source,
            porn: judged.includes('porn'),
            qrcode: judged.includes('qrcode'),
            ...((task.maxFrames ?? this.maxFrames) !== undefined
              ? { maxFrames: task.maxFrames ?? this.maxFrames }
              : {}),
            ...(task.interval !== undefined ? { interval: task.interval } : {}),
          },
          options.signal,
        )
        if (!raw.ok) return fail(raw.error)
        // Judged bytes other than the ones the caller hashed: no verdict for either.
        if (task.sha256 !== undefined && raw.value.sha256 !== task.sha256) {
          return fail(
            fileChangedError(source.kind === 'file' ? basename(source.path) : source.name),
          )
        }
        return {
          ok: true,
          dataId: task.dataId,
          results: sceneResults(raw.value, judged, thresholds),
          unsupported,
          sha256: raw.value.sha256,
        }
      }),
    )
    return ok(outcomes)
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close()
  }
}
