import { z } from 'zod'

const probability = z.number().min(0).max(1)

/**
 * Per-scene cut-offs that turn the local model's probabilities into Green-style suggestions. They
 * are user settings (a stricter or looser pre-screen), passed in by whoever builds the engine.
 */
export const localThresholdsSchema = z.object({
  porn: z
    .object({
      /** Porn + Hentai at or above this: `block`. */
      block: probability,
      /** Porn + Hentai at or above this: `review`. */
      review: probability,
      /** Sexy at or above this: label `sexy`, `review`. */
      sexyReview: probability,
    })
    .refine((t) => t.review <= t.block, { message: 'porn.review must not exceed porn.block' }),
})
export type LocalThresholds = z.infer<typeof localThresholdsSchema>

/**
 * Defaults, and why. nsfwjs's MobileNetV2Mid is right about 93% of the time on its test set, and
 * most of its mistakes are Sexy <-> Porn and Drawing <-> Hentai, i.e. near the porn/sexy line.
 * - block at 0.9: an automatic block on an offline pre-screen hides a user's photo without a
 *   human look, so only near-certain calls block; anything less goes to a person.
 * - review at 0.5: porn being the single most likely reading is enough for a human to look;
 *   review is cheap compared with a missed explicit image.
 * - sexyReview at 0.6: Green itself suggests `review` for `sexy`, but the class is broad (swimwear,
 *   fitness) and fires on many ordinary photos, so it needs a clear majority before it costs a
 *   reviewer's time.
 */
export const DEFAULT_LOCAL_THRESHOLDS: LocalThresholds = {
  porn: { block: 0.9, review: 0.5, sexyReview: 0.6 },
}
