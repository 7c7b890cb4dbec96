import { z } from 'zod'
import {
  sceneExtrasSchema,
  sceneSchema,
  suggestionSchema,
  type Scene,
  type SceneExtras,
  type SceneResult,
  type Suggestion,
} from '../../../../src-shared/domain'

/** Typed models for the five operations (docs/green-api.md §1.1, §3, §4, §5, §7). */

export const MAX_TASKS_PER_REQUEST = 100
export const MAX_URL_LENGTH = 2048

/** One image in a scan request (§3.1). `url` is http(s):// or oss://bucket/key. */
export interface GreenTask {
  readonly dataId?: string
  readonly url: string
  /** GIFs and long images: take one frame every `interval` frames (frames cut only if set). */
  readonly interval?: number
  /** With `interval`: the most frames to cut (Green's default is 1). */
  readonly maxFrames?: number
  readonly extras?: Readonly<Record<string, string>>
}

export interface ImageSyncScanRequest {
  readonly scenes: readonly Scene[]
  readonly tasks: readonly GreenTask[]
  readonly bizType?: string
}

/** §3.2: async adds an optional callback; `seed` is required with it. */
export interface ImageAsyncScanRequest extends ImageSyncScanRequest {
  readonly callback?: string
  readonly seed?: string
  readonly cryptType?: 'SHA256' | 'SM3'
  readonly offline?: boolean
}

/** §7: the body is a JSON object for images; `suggestion` needs `scenes`. */
export interface ImageScanFeedbackRequest {
  readonly taskId?: string
  readonly dataId?: string
  readonly url?: string
  readonly scenes?: readonly Scene[]
  readonly suggestion?: Suggestion
  readonly label?: string
  readonly note?: string
}

// ---- responses --------------------------------------------------------------------------------

/** The business envelope (§4.1). `data` is checked per operation. */
export const envelopeSchema = z.object({
  code: z.number(),
  msg: z.string().optional(),
  requestId: z.string().optional(),
  data: z.unknown().optional(),
})

/** The POP gateway error (§2.4): capitalised keys. */
export const popErrorSchema = z.object({
  Code: z.string(),
  Message: z.string().optional(),
  RequestId: z.string().optional(),
  HostId: z.string().optional(),
})

/** `results[j]` as Green sends it (§4.3): the shared extras sit beside the four core keys. */
const wireSceneResultSchema = z.object({
  scene: z.string(),
  label: z.string(),
  sublabel: z.string().optional(),
  suggestion: suggestionSchema,
  rate: z.number(),
  ...sceneExtrasSchema.shape,
})
export type WireSceneResult = z.infer<typeof wireSceneResultSchema>

/** `data[i]` (§4.2). `results` only when `code == 200`. */
export const wireTaskSchema = z.object({
  code: z.number(),
  msg: z.string().optional(),
  dataId: z.string().optional(),
  taskId: z.string().optional(),
  url: z.string().optional(),
  storedUrl: z.string().optional(),
  extras: z.record(z.string(), z.unknown()).optional(),
  results: z.array(z.unknown()).optional(),
})

export const uploadCredentialsSchema = z.object({
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  securityToken: z.string().min(1),
  /** Epoch milliseconds (§5). */
  expiredTime: z.number(),
  ossEndpoint: z.string().min(1),
  ossInternalEndpoint: z.string().optional(),
  uploadBucket: z.string().min(1),
  uploadFolder: z.string(),
})
export type UploadCredentials = z.infer<typeof uploadCredentialsSchema>

const EXTRA_KEYS = sceneExtrasSchema.keyof().options

/**
 * One wire scene result as the shared SceneResult: extras nested, rate clamped to 0–100, and the
 * async doc's `Trademark` normalised to `trademark` (§4.4). Unknown scenes (ocr, sface…) return
 * null: Greenlight never asks for them.
 */
export function toSceneResult(raw: unknown): SceneResult | null | 'invalid' {
  const parsed = wireSceneResultSchema.safeParse(raw)
  if (!parsed.success) return 'invalid'
  const wire = parsed.data
  const scene = sceneSchema.safeParse(wire.scene)
  if (!scene.success) return null
  const extras: SceneExtras = {}
  for (const key of EXTRA_KEYS) {
    if (wire[key] !== undefined) Object.assign(extras, { [key]: wire[key] })
  }
  const label =
    scene.data === 'logo' && wire.label.toLowerCase() === 'trademark' ? 'trademark' : wire.label
  return {
    scene: scene.data,
    label,
    ...(wire.sublabel !== undefined ? { sublabel: wire.sublabel } : {}),
    suggestion: wire.suggestion,
    rate: Math.min(100, Math.max(0, wire.rate)),
    ...(Object.keys(extras).length > 0 ? { extras } : {}),
  }
}
