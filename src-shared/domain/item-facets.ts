import { z } from 'zod'
import { engineIdSchema } from './engine'
import { itemStateSchema } from './item'
import { sceneSchema, suggestionSchema } from './scene'

/** How many labels the facets name: the most frequent, plus the one the filter chose. */
export const FACET_LABELS = 20

/**
 * Counts for the filter controls (items:facets). Each dimension is counted with every OTHER
 * dimension of the filter applied and its own left out, so a count says what choosing that value
 * would show (docs/architecture.md §6, "Finding things"). Values counted 0 are left out.
 */
export const itemFacetsSchema = z.object({
  /** Items matching the whole filter. */
  total: z.number().int(),
  /** By state and suggestion together (the presets mix both), with neither filter applied. */
  verdicts: z.array(
    z.object({
      state: itemStateSchema,
      suggestion: suggestionSchema.nullable(),
      count: z.number().int(),
    }),
  ),
  /** Items with the scene flagged (review or block, after corrections). */
  scenes: z.array(z.object({ value: sceneSchema, count: z.number().int() })),
  /** The most frequent labels, most frequent first (ties by name). */
  labels: z.array(z.object({ value: z.string(), count: z.number().int() })),
  engines: z.array(z.object({ value: engineIdSchema, count: z.number().int() })),
  corrected: z.object({ yes: z.number().int(), no: z.number().int() }),
  /** Per watched folder (by id in watch:list): files under its path. */
  folders: z.array(z.object({ id: z.number().int(), count: z.number().int() })),
})
export type ItemFacets = z.infer<typeof itemFacetsSchema>

/** The count a verdict preset (states and/or suggestions) would show, from `verdicts`. */
export function verdictCount(
  verdicts: ItemFacets['verdicts'],
  preset: { states?: readonly string[]; suggestions?: readonly string[] },
): number {
  const states = preset.states ?? []
  const suggestions = preset.suggestions ?? []
  return verdicts
    .filter((v) => states.length === 0 || states.includes(v.state))
    .filter(
      (v) =>
        suggestions.length === 0 || (v.suggestion !== null && suggestions.includes(v.suggestion)),
    )
    .reduce((sum, v) => sum + v.count, 0)
}
