import { describe, expect, it } from 'vitest'
import {
  itemFeedbackSchema,
  sceneSuggestionsAfterFeedback,
  suggestionAfterFeedback,
  type ItemFeedback,
  type SceneCorrection,
} from './feedback'
import type { SceneResult } from './scene-result'

const r = (scene: SceneResult['scene'], suggestion: SceneResult['suggestion']): SceneResult => ({
  scene,
  label: suggestion === 'pass' ? 'normal' : 'x',
  suggestion,
  rate: 90,
})

const fb = (...corrections: SceneCorrection[]): ItemFeedback => ({
  corrections,
  note: null,
  at: 1,
  sentTo: 'local',
})

const c = (
  scene: SceneCorrection['scene'],
  suggestion: SceneCorrection['suggestion'],
  label: string | null = null,
): SceneCorrection => ({ scene, suggestion, label })

describe('suggestionAfterFeedback', () => {
  it('is the engine verdict when there is no feedback, and null with no results', () => {
    expect(suggestionAfterFeedback([r('porn', 'review'), r('ad', 'pass')], null)).toBe('review')
    expect(suggestionAfterFeedback([], null)).toBeNull()
  })

  it('a pass on the only bad scene clears the image', () => {
    const results = [r('porn', 'block'), r('terrorism', 'pass')]
    expect(suggestionAfterFeedback(results, fb(c('porn', 'pass')))).toBe('pass')
  })

  it('a pass on one scene does not hide another scene that still blocks', () => {
    const results = [r('porn', 'block'), r('terrorism', 'block'), r('ad', 'review')]
    expect(suggestionAfterFeedback(results, fb(c('porn', 'pass')))).toBe('block')
    expect(suggestionAfterFeedback(results, fb(c('porn', 'pass'), c('terrorism', 'pass')))).toBe(
      'review',
    )
  })

  it('a block on a passing image blocks it', () => {
    expect(suggestionAfterFeedback([r('porn', 'pass')], fb(c('porn', 'block', 'porn')))).toBe(
      'block',
    )
  })

  it('counts a corrected scene the engine could not judge', () => {
    expect(suggestionAfterFeedback([r('porn', 'pass')], fb(c('terrorism', 'block')))).toBe('block')
    expect(suggestionAfterFeedback([], fb(c('terrorism', 'pass')))).toBe('pass')
  })
})

describe('sceneSuggestionsAfterFeedback', () => {
  it('replaces corrected scenes and keeps the others', () => {
    const map = sceneSuggestionsAfterFeedback(
      [r('porn', 'block'), r('ad', 'review')],
      fb(c('porn', 'pass'), c('logo', 'block')),
    )
    expect(Object.fromEntries(map)).toEqual({ porn: 'pass', ad: 'review', logo: 'block' })
  })
})

describe('itemFeedbackSchema', () => {
  it('rejects feedback without a correction and accepts a full one', () => {
    expect(itemFeedbackSchema.safeParse(fb()).success).toBe(false)
    expect(itemFeedbackSchema.safeParse(fb(c('porn', 'pass', 'normal'))).success).toBe(true)
  })
})
