import { expect, it } from 'vitest'
import { nextFocus } from './next-focus'

it('moves the focus to the next row still shown after a removal, else the one before', () => {
  const order = [10, 9, 8, 7, 6]
  expect(nextFocus(order, [9, 8], new Set([10, 7, 6]))).toBe(7)
  // Picks need not be next to each other: the focus goes past the last one removed.
  expect(nextFocus(order, [9, 7], new Set([10, 8, 6]))).toBe(6)
  expect(nextFocus(order, [7, 6], new Set([10, 9, 8]))).toBe(8)
  expect(nextFocus(order, [10, 9, 8, 7, 6], new Set())).toBeNull()
})
