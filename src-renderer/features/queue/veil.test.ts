import { describe, expect, it } from 'vitest'
import { veilOf } from './veil'

const GREY = { filter: 'blur(8px) grayscale(1)' }

describe('veilOf', () => {
  it('veils review and block images, blurred and grey by default, and leaves passes alone', () => {
    const settings = { wellbeing: 'blur-grey', blurPass: false } as const
    expect(veilOf({ id: 1, suggestion: 'review' }, settings, null)).toEqual(GREY)
    expect(veilOf({ id: 1, suggestion: 'block' }, settings, null)).toEqual(GREY)
    expect(veilOf({ id: 1, suggestion: 'pass' }, settings, null)).toBeUndefined()
    expect(veilOf({ id: 1, suggestion: null }, settings, null)).toBeUndefined()
  })

  it('shows the one revealed image as it is', () => {
    const settings = { wellbeing: 'blur-grey', blurPass: false } as const
    expect(veilOf({ id: 7, suggestion: 'block' }, settings, 7)).toBeUndefined()
    expect(veilOf({ id: 8, suggestion: 'block' }, settings, 7)).toEqual(GREY)
  })

  it('follows the setting: blur only, off, and passes too', () => {
    expect(
      veilOf({ id: 1, suggestion: 'block' }, { wellbeing: 'blur', blurPass: false }, null),
    ).toEqual({ filter: 'blur(8px)' })
    expect(
      veilOf({ id: 1, suggestion: 'block' }, { wellbeing: 'off', blurPass: true }, null),
    ).toBeUndefined()
    expect(
      veilOf({ id: 1, suggestion: 'pass' }, { wellbeing: 'blur', blurPass: true }, null),
    ).toEqual({ filter: 'blur(8px)' })
  })

  it('veils before the settings have arrived, so no risky image flashes', () => {
    expect(veilOf({ id: 1, suggestion: 'block' }, null, null)).toEqual(GREY)
  })
})
