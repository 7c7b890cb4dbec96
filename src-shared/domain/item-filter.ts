import type { Item, ItemFilter } from './item'
import type { Scene } from './scene'

/**
 * The label Green gives a scene it found nothing in: not a finding, so neither filtered nor
 * counted by label (it would be on nearly every image).
 */
export const NOTHING_FOUND_LABEL = 'normal'

/**
 * The scenes a moderator sees flagged (review or block) once corrections apply: a corrected scene
 * is flagged when the reviewer blocked it, any other when the engine did not pass it. This is what
 * the `scene` filter and the scene counts mean (docs/architecture.md §6, "Finding things").
 */
export function flaggedScenes(item: Pick<Item, 'results' | 'feedback'>): Map<Scene, number> {
  const corrections = item.feedback?.corrections ?? []
  const corrected = new Set(corrections.map((c) => c.scene))
  const flagged = new Map<Scene, number>()
  const flag = (scene: Scene, rate: number) => {
    flagged.set(scene, Math.max(rate, flagged.get(scene) ?? rate))
  }
  for (const r of item.results) {
    if (r.suggestion !== 'pass' && !corrected.has(r.scene)) flag(r.scene, r.rate)
  }
  // A reviewer's block is certain: it ranks above any rate an engine gives.
  for (const c of corrections) if (c.suggestion === 'block') flag(c.scene, 100)
  return flagged
}

/** The `risk` sort key: the highest rate among flagged scenes, or null when nothing is flagged. */
export function riskOf(item: Pick<Item, 'results' | 'feedback'>): number | null {
  const rates = [...flaggedScenes(item).values()]
  return rates.length === 0 ? null : Math.max(...rates)
}

/** The labels the engine returned on this item, the `label` filter's values. */
export function itemLabels(item: Pick<Item, 'results'>): Set<string> {
  return new Set(
    item.results
      .map((r) => r.label)
      .filter((label) => label !== '' && label !== NOTHING_FOUND_LABEL),
  )
}

/**
 * Whether `source` lies inside the folder at `folderPath`, with either separator: `/a/b` holds
 * `/a/b/c.jpg` and `/a/b\c.jpg`, never `/a/bc/d.jpg`. The store applies the same rule.
 */
export function isInFolder(source: string, folderPath: string): boolean {
  const base = folderPath.replace(/[/\\]+$/, '')
  return source.startsWith(`${base}/`) || source.startsWith(`${base}\\`)
}

/** SQLite's LIKE folds ASCII letters only; folding the same way keeps both sides in agreement. */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** What the renderer knows that the item alone does not say. */
export interface FilterContext {
  /**
   * The path of the watched folder `filter.watchedFolderId` names (from watch:list). Without it
   * the folder cannot be checked here, and the condition is taken as met: an item already shown
   * stays shown until the next page load, which the store filters exactly.
   */
  readonly watchedFolderPath?: string
}

/**
 * The same predicate the store applies (store/sqlite/items-repo.ts), for the renderer to place
 * live deltas into a filtered view without a round trip.
 */
export function matchesFilter(
  item: Item,
  filter: ItemFilter,
  context: FilterContext = {},
): boolean {
  if (filter.states && filter.states.length > 0 && !filter.states.includes(item.state)) return false
  if (filter.suggestions && filter.suggestions.length > 0) {
    if (item.suggestion === null || !filter.suggestions.includes(item.suggestion)) return false
  }
  if (filter.engine && item.engine !== filter.engine) return false
  if (filter.scene && !flaggedScenes(item).has(filter.scene)) return false
  if (filter.label !== undefined && !itemLabels(item).has(filter.label)) return false
  if (filter.corrected !== undefined && filter.corrected !== (item.feedback !== null)) return false
  if (filter.search && !foldAscii(item.source).includes(foldAscii(filter.search))) return false
  const judgedAt = item.scannedAt ?? item.createdAt
  if (filter.from !== undefined && judgedAt < filter.from) return false
  if (filter.to !== undefined && judgedAt > filter.to) return false
  if (filter.watchedFolderId !== undefined && context.watchedFolderPath !== undefined) {
    if (item.sourceKind !== 'file' || !isInFolder(item.source, context.watchedFolderPath))
      return false
  }
  return true
}
