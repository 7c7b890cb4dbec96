import { describe, expect, it } from 'vitest'
import { decisionScenes, greenFeedbackScenes } from './decision'
import type { ItemFeedback } from './feedback'
import type { SceneResult } from './scene-result'

const r = (scene: SceneResult['scene'], suggestion: SceneResult['suggestion']): SceneResult => ({
  scene,
  label: suggestion === 'pass' ? 'normal' : 'x',
  suggestion,
  rate: 90,
})

const blocked = (scene: SceneResult['scene']): ItemFeedback => ({
  corrections: [{ scene, suggestion: 'block', label: null }],
  note: null,
  at: 1,
  sentTo: 'local',
})

const sixScenes = [
  r('porn', 'block'),
  r('terrorism', 'pass'),
  r('ad', 'pass'),
  r('qrcode', 'pass'),
  r('live', 'pass'),
  r('logo', 'pass'),
]

describe('decisionScenes', () => {
  it('Block on an image blocked for porn alone confirms porn, never the scenes that passed', () => {
    expect(decisionScenes(sixScenes, null, 'block')).toEqual({ ok: true, scenes: ['porn'] })
  })

  it('Pass clears the flagged scenes, review and block alike, in canonical order', () => {
    const results = [r('ad', 'review'), r('porn', 'block'), r('terrorism', 'pass')]
    expect(decisionScenes(results, null, 'pass')).toEqual({ ok: true, scenes: ['porn', 'ad'] })
  })

  it('Block after a Pass still names the scene the engine flagged (p then b)', () => {
    const passed: ItemFeedback = {
      ...blocked('porn'),
      corrections: [{ scene: 'porn', suggestion: 'pass', label: null }],
    }
    expect(decisionScenes(sixScenes, passed, 'block')).toEqual({ ok: true, scenes: ['porn'] })
  })

  it("counts a reviewer's block as flagged, so Pass can clear it", () => {
    const clean = [r('porn', 'pass'), r('ad', 'pass')]
    expect(decisionScenes(clean, blocked('qrcode'), 'pass')).toEqual({
      ok: true,
      scenes: ['qrcode'],
    })
  })

  it('asks which scene for a Block on an image with nothing flagged; a Pass there has nothing to clear', () => {
    const clean = [r('porn', 'pass'), r('ad', 'pass')]
    expect(decisionScenes(clean, null, 'block')).toEqual({ ok: false, reason: 'choose-scene' })
    expect(decisionScenes(clean, null, 'pass')).toEqual({ ok: false, reason: 'already-passes' })
    expect(decisionScenes([], null, 'block')).toEqual({ ok: false, reason: 'choose-scene' })
  })
})

describe('greenFeedbackScenes', () => {
  it("keeps only the scenes Green's feedback API takes", () => {
    expect(greenFeedbackScenes(['porn', 'qrcode', 'ad', 'logo', 'live', 'terrorism'])).toEqual([
      'porn',
      'ad',
      'terrorism',
    ])
  })
})
