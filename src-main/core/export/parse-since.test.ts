import { describe, expect, it } from 'vitest'
import { parseSince } from './parse-since'

describe('parseSince', () => {
  it.each([
    ['2026-11-01', Date.UTC(2026, 10, 1)],
    ['2026-11-01T08:30', Date.UTC(2026, 10, 1, 8, 30)],
    ['2026-11-01T08:30:15Z', Date.UTC(2026, 10, 1, 8, 30, 15)],
    ['2026-11-01T08:30:15.5z', Date.UTC(2026, 10, 1, 8, 30, 15, 500)],
    ['2026-11-01T08:30:00+08:00', Date.UTC(2026, 10, 1, 0, 30)],
    ['2026-11-01 08:30:00-05:30', Date.UTC(2026, 10, 1, 14, 0)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseSince(text)).toBe(expected)
  })

  it.each([
    '',
    'yesterday',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-11-01T25:00',
    '11/01/2026',
    '1730419200000',
  ])('refuses %j', (text) => {
    expect(parseSince(text)).toBeNull()
  })
})
