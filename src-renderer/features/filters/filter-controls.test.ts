import { describe, expect, it } from 'vitest'
import { verdictCount } from '../../../src-shared/domain/item-facets'
import { dateBounds } from './date-filter'
import { activePreset, moreFiltersSet, PRESETS, withChanges } from './presets'

describe('filter controls', () => {
  it('knows which preset a filter is, and a preset click clears the other dimension', () => {
    expect(activePreset({})).toBe(0)
    expect(activePreset({ suggestions: ['review'], scene: 'qrcode' })).toBe(2)
    expect(activePreset({ states: ['failed'] })).toBe(4)
    expect(activePreset({ states: ['done'], suggestions: ['block'] })).toBe(-1)
    const failed = PRESETS[4]?.filter ?? {}
    const next = withChanges(
      { suggestions: ['block'], scene: 'porn' },
      { states: failed.states, suggestions: failed.suggestions },
    )
    expect(next).toEqual({ states: ['failed'], scene: 'porn' })
    expect(Object.keys(next)).not.toContain('suggestions')
  })

  it('counts the "More filters" set, the date range as one', () => {
    expect(moreFiltersSet({ suggestions: ['block'], search: 'x' })).toBe(0)
    expect(moreFiltersSet({ scene: 'porn', corrected: false, from: 1, to: 2 })).toBe(3)
  })

  it('sums a preset count from the verdict table', () => {
    const verdicts = [
      { state: 'done', suggestion: 'block', count: 3 },
      { state: 'done', suggestion: 'pass', count: 5 },
      { state: 'failed', suggestion: null, count: 2 },
    ] as const
    expect(verdictCount([...verdicts], {})).toBe(10)
    expect(verdictCount([...verdicts], { suggestions: ['block'] })).toBe(3)
    expect(verdictCount([...verdicts], { states: ['failed'] })).toBe(2)
  })

  it('turns a date choice into bounds on local days, both ends inclusive', () => {
    const now = new Date(2026, 11, 7, 15, 30).getTime()
    const midnight = new Date(2026, 11, 7).getTime()
    const none = { from: '', to: '' }
    expect(dateBounds('any', none, now)).toEqual({ from: undefined, to: undefined })
    expect(dateBounds('today', none, now)).toEqual({ from: midnight, to: undefined })
    expect(dateBounds('week', none, now).from).toBe(new Date(2026, 11, 1).getTime())
    const range = dateBounds('range', { from: '2026-12-01', to: '2026-12-02' }, now)
    expect(range).toEqual({
      from: new Date(2026, 11, 1).getTime(),
      to: new Date(2026, 11, 3).getTime() - 1,
    })
    expect(dateBounds('range', { from: '', to: 'nonsense' }, now)).toEqual({
      from: undefined,
      to: undefined,
    })
  })
})
