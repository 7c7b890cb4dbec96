import type { ItemFilter } from '../../../src-shared/domain'

export const DATE_MODES = ['any', 'today', 'week', 'range'] as const
export type DateMode = (typeof DATE_MODES)[number]

/**
 * Local midnight of the day `at` falls on, moved by `days` whole days: "today" is the reviewer's
 * day, not UTC's, and a day across a clock change is still one day.
 */
function startOfDay(at: number, days = 0): number {
  const date = new Date(at)
  date.setHours(0, 0, 0, 0)
  date.setDate(date.getDate() + days)
  return date.getTime()
}

/** `yyyy-mm-dd` (a date input's value) as local midnight, or undefined when empty. */
function parseDay(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return undefined
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime()
}

/** The filter's date bounds for a mode; a range takes whole days, both inclusive. */
export function dateBounds(
  mode: DateMode,
  range: { from: string; to: string },
  now: number,
): Pick<ItemFilter, 'from' | 'to'> {
  switch (mode) {
    case 'any':
      return { from: undefined, to: undefined }
    case 'today':
      return { from: startOfDay(now), to: undefined }
    case 'week':
      return { from: startOfDay(now, -6), to: undefined }
    case 'range': {
      const from = parseDay(range.from)
      const to = parseDay(range.to)
      return { from, to: to === undefined ? undefined : startOfDay(to, 1) - 1 }
    }
  }
}
