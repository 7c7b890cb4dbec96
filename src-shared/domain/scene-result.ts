import { z } from 'zod'
import { sceneSchema, suggestionSchema } from './scene'

const box = { x: z.number(), y: z.number(), w: z.number(), h: z.number() }

/**
 * Per-scene extras, shaped as Green returns them (docs/green-api.md §4.3). Absent fields are omitted,
 * as in real captures. The local engine fills the same fields so nothing downstream cares which
 * engine ran.
 */
export const sceneExtrasSchema = z.object({
  qrcodeData: z.array(z.string()).optional(),
  qrcodeLocations: z.array(z.object({ ...box, qrcode: z.string() })).optional(),
  programCodeData: z.array(z.object(box)).optional(),
  logoData: z.array(z.object({ ...box, type: z.string(), name: z.string() })).optional(),
  sfaceData: z
    .array(
      z.object({
        ...box,
        faces: z.array(z.object({ id: z.string(), name: z.string(), rate: z.number() })),
      }),
    )
    .optional(),
  hintWordsInfo: z.array(z.object({ context: z.string() })).optional(),
  ocrData: z.array(z.string()).optional(),
  frames: z.array(z.object({ rate: z.number(), url: z.string() })).optional(),
})
export type SceneExtras = z.infer<typeof sceneExtrasSchema>

/** One scene's verdict: Green's `results[j]`. `rate` is a 0–100 confidence. */
export const sceneResultSchema = z.object({
  scene: sceneSchema,
  label: z.string(),
  sublabel: z.string().optional(),
  suggestion: suggestionSchema,
  rate: z.number().min(0).max(100),
  extras: sceneExtrasSchema.optional(),
})
export type SceneResult = z.infer<typeof sceneResultSchema>
