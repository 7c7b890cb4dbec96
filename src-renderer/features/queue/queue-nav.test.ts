import { describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { testItem } from '../../../tests/fixtures/items'
import { isUndecided, nextUndecided, stepFor } from './queue-nav'

const judged = (id: number, patch: Partial<Item> = {}) =>
  testItem(id, { state: 'done', suggestion: 'review', ...patch })

describe('queue navigation', () => {
  it('moves by one with j/k in both layouts, by a row of tiles with up/down in the grid', () => {
    expect(stepFor('j', 'grid', 5)).toBe(1)
    expect(stepFor('k', 'list', 1)).toBe(-1)
    expect(stepFor('ArrowDown', 'grid', 5)).toBe(5)
    expect(stepFor('ArrowUp', 'grid', 5)).toBe(-5)
    expect(stepFor('ArrowDown', 'list', 1)).toBe(1)
    expect(stepFor('ArrowRight', 'grid', 5)).toBe(1)
    expect(stepFor('ArrowLeft', 'list', 1)).toBeNull()
    expect(stepFor('q', 'grid', 5)).toBeNull()
  })

  it('calls undecided what the engine flagged and nobody corrected yet', () => {
    expect(isUndecided(judged(1))).toBe(true)
    expect(isUndecided(judged(1, { suggestion: 'block' }))).toBe(true)
    expect(isUndecided(judged(1, { suggestion: 'pass' }))).toBe(false)
    expect(isUndecided(judged(1, { state: 'queued', suggestion: null }))).toBe(false)
    const feedback = { corrections: [], note: null } as unknown as Item['feedback']
    expect(isUndecided(judged(1, { feedback }))).toBe(false)
  })

  it('skips passes and corrected items to the next undecided, else goes one row on', () => {
    const rows = [
      judged(1),
      judged(2, { suggestion: 'pass' }),
      judged(3, { feedback: {} as Item['feedback'] }),
      judged(4),
    ]
    const at = (i: number) => rows[i]
    expect(nextUndecided(0, 4, at)).toBe(3)
    expect(nextUndecided(3, 4, at)).toBeNull()
    // Nothing undecided in the loaded rows after the focus: the next row.
    expect(nextUndecided(1, 6, (i) => (i < 3 ? rows[i] : undefined))).toBe(2)
  })
})
