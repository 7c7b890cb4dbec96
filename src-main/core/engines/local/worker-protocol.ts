import type { AppError, Result } from '../../../../src-shared/result'
import type { DecodeOptions, ImageSource } from '../../media/decode-image'
import type { NsfwScores } from './nsfw-scores'
import type { QrHit } from './verdicts'

/** nsfwjs models bundled in the npm package. */
export type NsfwModelName = 'MobileNetV2Mid' | 'MobileNetV2' | 'InceptionV3'

/** Passed as `workerData`: fixed for a worker's life, so the model loads once. */
export interface WorkerInit {
  /**
   * `wasm` always, in the app. `cpu` (tfjs's pure-JS default) exists only so the benchmark can
   * measure the default backend with the very same pipeline.
   */
  readonly backend: 'wasm' | 'cpu'
  readonly model: NsfwModelName
  /** Decode options; the worker's defaults (DEFAULT_DECODE_OPTIONS) when absent. */
  readonly decode?: DecodeOptions
  /** `<dataDir>/cache`: the model's binary copy is read from (or written to) here. */
  readonly cacheDir?: string
}

export interface JobSpec {
  readonly source: ImageSource
  readonly porn: boolean
  readonly qrcode: boolean
  readonly maxFrames?: number
  readonly interval?: number
  /** Test seam: makes the worker die mid-job, to prove the pool survives it. */
  readonly crash?: 'exit' | 'throw'
}

export interface JobRequest extends JobSpec {
  readonly type: 'job'
  readonly id: number
}

export interface FrameJudgement {
  readonly index: number
  readonly nsfw?: NsfwScores
  readonly qr?: readonly QrHit[]
}

/** What a worker found, before thresholds turn it into Green-shaped scene results. */
export interface RawJudgement {
  readonly format: string
  readonly width: number
  readonly height: number
  readonly pageCount: number
  readonly frames: readonly FrameJudgement[]
  /** sha256 of the bytes decoded: the image these findings are about. */
  readonly sha256: string
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'init-failed'; readonly error: AppError }
  | {
      readonly type: 'result'
      readonly id: number
      readonly outcome: Result<RawJudgement>
      /** tfjs tensors alive after the job: constant from job to job, or something leaks. */
      readonly tensors: number
    }
