import { z } from 'zod'
import { engineIdSchema } from './engine'

/**
 * What a batch will cost before it starts, in Green's billable units (one image, one scene, one
 * frame), never in currency: prices differ by account and region. The local engine is free.
 */
export const costEstimateSchema = z.object({
  engine: engineIdSchema,
  /** Images that will be sent to Green: each distinct image once, however many names it has. */
  images: z.number().int().min(0),
  /** Scenes per image; each is billed. */
  scenes: z.number().int().min(0),
  /** Frames judged over those images: 1 per still, more for sampled GIFs and long images. */
  frames: z.number().int().min(0),
  /** frames × scenes. */
  units: z.number().int().min(0),
  /** Images that cost nothing: already judged (kept or cached verdicts) or repeats in the batch. */
  free: z.number().int().min(0),
  /** Inputs that cannot be scanned (missing, not an image): they fail and are never billed. */
  unscannable: z.number().int().min(0),
})
export type CostEstimate = z.infer<typeof costEstimateSchema>
