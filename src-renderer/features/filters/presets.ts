import type { ItemFilter } from '../../../src-shared/domain'
import type { MessageKey } from '../../i18n/en'

/** The verdict presets: each sets states and suggestions together, and clears the other. */
export const PRESETS: readonly {
  key: MessageKey
  filter: Pick<ItemFilter, 'states' | 'suggestions'>
}[] = [
  { key: 'filter.all', filter: {} },
  { key: 'filter.block', filter: { suggestions: ['block'] } },
  { key: 'filter.review', filter: { suggestions: ['review'] } },
  { key: 'filter.pass', filter: { suggestions: ['pass'] } },
  { key: 'filter.failed', filter: { states: ['failed'] } },
  { key: 'filter.queued', filter: { states: ['queued'] } },
  { key: 'filter.cancelled', filter: { states: ['cancelled'] } },
]

const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).join() === (b ?? []).join()

/** Which preset the filter's states and suggestions are, or -1 when none is. */
export function activePreset(filter: ItemFilter): number {
  return PRESETS.findIndex(
    (p) => same(p.filter.states, filter.states) && same(p.filter.suggestions, filter.suggestions),
  )
}

/** `filter` with these fields changed; a field set to undefined is removed, not sent. */
export function withChanges(filter: ItemFilter, changes: Partial<ItemFilter>): ItemFilter {
  return Object.fromEntries(
    Object.entries<unknown>({ ...filter, ...changes }).filter(([, value]) => value !== undefined),
  )
}

/** How many of the "More filters" dimensions are set: shown on its button. */
export function moreFiltersSet(filter: ItemFilter): number {
  const date = filter.from !== undefined || filter.to !== undefined
  return (
    [filter.scene, filter.label, filter.engine, filter.corrected, filter.watchedFolderId].filter(
      (v) => v !== undefined,
    ).length + (date ? 1 : 0)
  )
}
