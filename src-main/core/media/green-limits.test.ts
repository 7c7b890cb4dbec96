import { describe, expect, it } from 'vitest'
import {
  GREEN_MAX_GIF_PIXELS,
  GREEN_MAX_PIXELS,
  GREEN_MAX_SIDE,
  fitWithinLimits,
  isLongImage,
  overPixelLimits,
} from './green-limits'

describe('fitWithinLimits', () => {
  it('leaves an image within the limits alone', () => {
    expect(fitWithinLimits({ width: 30_000, height: 400 }, false)).toEqual({
      width: 30_000,
      height: 400,
    })
  })

  it('brings the longest side to 30,000 px and keeps the ratio', () => {
    expect(fitWithinLimits({ width: 30_001, height: 400 }, false)).toEqual({
      width: 30_000,
      height: 400,
    })
    // 300 × (30,000 / 30,010) = 299.9: the short side rounds to nearest, not down.
    expect(fitWithinLimits({ width: 300, height: 30_010 }, false)).toEqual({
      width: 300,
      height: 30_000,
    })
    expect(fitWithinLimits({ width: 600, height: 40_000 }, false)).toEqual({
      width: 450,
      height: 30_000,
    })
  })

  it('brings the total under 250,000,000 px, or 4,194,304 px for a GIF', () => {
    const big = fitWithinLimits({ width: 20_000, height: 20_000 }, false)
    expect(big.width * big.height).toBeLessThanOrEqual(GREEN_MAX_PIXELS)
    expect(big.width * big.height).toBeGreaterThan(GREEN_MAX_PIXELS * 0.999)
    expect(big.width).toBe(big.height)
    const gif = fitWithinLimits({ width: 4000, height: 3000 }, true)
    expect(gif.width * gif.height).toBeLessThanOrEqual(GREEN_MAX_GIF_PIXELS)
    expect(gif.width / gif.height).toBeCloseTo(4 / 3, 2)
    expect(overPixelLimits(gif, true)).toBe(false)
  })

  it('never returns a side of 0 for extreme strips', () => {
    const strip = fitWithinLimits({ width: 100_000, height: 1 }, false)
    expect(strip).toEqual({ width: GREEN_MAX_SIDE, height: 1 })
  })
})

describe('isLongImage', () => {
  it('follows Green: more than 400 px long and a ratio above 2.5, either way round', () => {
    expect(isLongImage({ width: 300, height: 1200 })).toBe(true)
    expect(isLongImage({ width: 1200, height: 300 })).toBe(true)
    expect(isLongImage({ width: 100, height: 400 })).toBe(false)
    expect(isLongImage({ width: 200, height: 500 })).toBe(false)
    expect(isLongImage({ width: 199, height: 500 })).toBe(true)
  })
})
