import { z } from 'zod'

/** The image scenes Greenlight moderates (Green API 2018-05-09, docs/green-api.md §3.1). */
export const SCENES = ['porn', 'terrorism', 'ad', 'qrcode', 'live', 'logo'] as const
export const sceneSchema = z.enum(SCENES)
export type Scene = z.infer<typeof sceneSchema>

export const SUGGESTIONS = ['pass', 'review', 'block'] as const
export const suggestionSchema = z.enum(SUGGESTIONS)
export type Suggestion = z.infer<typeof suggestionSchema>

const SEVERITY: Record<Suggestion, number> = { pass: 0, review: 1, block: 2 }

/** The most severe suggestion of a set, or null for an empty set. */
export function mostSevere(suggestions: Iterable<Suggestion>): Suggestion | null {
  let worst: Suggestion | null = null
  for (const s of suggestions) {
    if (worst === null || SEVERITY[s] > SEVERITY[worst]) worst = s
  }
  return worst
}

/** Parses a comma-separated scene list such as `porn,qrcode`; unknown names are reported. */
export function parseScenes(text: string): { scenes: Scene[]; unknown: string[] } {
  const scenes: Scene[] = []
  const unknown: string[] = []
  for (const raw of text.split(',')) {
    const name = raw.trim()
    if (name === '') continue
    const parsed = sceneSchema.safeParse(name)
    if (parsed.success) {
      if (!scenes.includes(parsed.data)) scenes.push(parsed.data)
    } else {
      unknown.push(name)
    }
  }
  return { scenes, unknown }
}
