import { describe, expect, it } from 'vitest'
import { sceneResultSchema } from '../../../../src-shared/domain'
import { NSFW_CLASSES, pornGroups, scoresFromVector, type NsfwScores } from './nsfw-scores'
import { DEFAULT_LOCAL_THRESHOLDS, localThresholdsSchema, type LocalThresholds } from './thresholds'
import { pornSceneResult, qrcodeSceneResult } from './verdicts'

const scores = (s: Partial<NsfwScores>): NsfwScores => ({
  Drawing: 0,
  Hentai: 0,
  Neutral: 0,
  Porn: 0,
  Sexy: 0,
  ...s,
})

describe('nsfwjs class mapping', () => {
  it('reads the model vector in nsfwjs class order', () => {
    expect(NSFW_CLASSES).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'])
    expect(scoresFromVector([0.1, 0.2, 0.3, 0.15, 0.25])).toEqual({
      Drawing: 0.1,
      Hentai: 0.2,
      Neutral: 0.3,
      Porn: 0.15,
      Sexy: 0.25,
    })
    expect(() => scoresFromVector([1, 2])).toThrow(/5 class scores/)
  })

  it('groups Porn + Hentai, Sexy, Neutral + Drawing', () => {
    const g = pornGroups(
      scores({ Porn: 0.3, Hentai: 0.2, Sexy: 0.1, Neutral: 0.25, Drawing: 0.15 }),
    )
    expect(g.porn).toBeCloseTo(0.5)
    expect(g.sexy).toBeCloseTo(0.1)
    expect(g.normal).toBeCloseTo(0.4)
  })
})

describe('pornSceneResult', () => {
  const t = DEFAULT_LOCAL_THRESHOLDS

  it('gives Green-shaped results with the label, suggestion and a 0–100 rate', () => {
    const cases: [Partial<NsfwScores>, string, string, number][] = [
      [{ Neutral: 0.9, Drawing: 0.08, Sexy: 0.02 }, 'normal', 'pass', 98],
      [{ Hentai: 0.6, Porn: 0.35, Neutral: 0.05 }, 'porn', 'block', 95],
      [{ Porn: 0.55, Sexy: 0.4, Neutral: 0.05 }, 'porn', 'review', 55],
      [{ Sexy: 0.7, Neutral: 0.3 }, 'sexy', 'review', 70],
      [{ Sexy: 0.5, Neutral: 0.5 }, 'normal', 'pass', 50],
    ]
    for (const [s, label, suggestion, rate] of cases) {
      const result = pornSceneResult([scores(s)], t)
      expect(sceneResultSchema.parse(result)).toEqual(result)
      expect(result).toEqual({ scene: 'porn', label, suggestion, rate })
    }
  })

  it('changing the thresholds changes the suggestion for the same scores', () => {
    const s = [scores({ Porn: 0.7, Neutral: 0.3 })]
    expect(pornSceneResult(s, t).suggestion).toBe('review')
    const strict: LocalThresholds = { porn: { block: 0.6, review: 0.3, sexyReview: 0.5 } }
    expect(pornSceneResult(s, strict).suggestion).toBe('block')
    const lax: LocalThresholds = { porn: { block: 0.99, review: 0.8, sexyReview: 0.9 } }
    expect(pornSceneResult(s, lax)).toMatchObject({ label: 'normal', suggestion: 'pass' })
  })

  it('judges an animation by its most explicit frame', () => {
    const frames = [
      scores({ Neutral: 1 }),
      scores({ Porn: 0.95, Neutral: 0.05 }),
      scores({ Drawing: 1 }),
    ]
    expect(pornSceneResult(frames, t)).toEqual({
      scene: 'porn',
      label: 'porn',
      suggestion: 'block',
      rate: 95,
    })
  })

  it('rejects thresholds where review is above block', () => {
    expect(
      localThresholdsSchema.safeParse({ porn: { block: 0.5, review: 0.8, sexyReview: 0.5 } })
        .success,
    ).toBe(false)
    expect(localThresholdsSchema.safeParse(t).success).toBe(true)
  })
})

describe('qrcodeSceneResult', () => {
  it('a hit is label qrcode, suggestion review, with every text and box', () => {
    const result = qrcodeSceneResult([
      { text: 'https://a.example', x: 1, y: 2, w: 30, h: 31 },
      { text: 'WIFI:S:cafe;;', x: 100, y: 5, w: 40, h: 40 },
      { text: 'https://a.example', x: 300, y: 2, w: 30, h: 30 },
    ])
    expect(sceneResultSchema.parse(result)).toEqual(result)
    expect(result).toMatchObject({ scene: 'qrcode', label: 'qrcode', suggestion: 'review' })
    expect(result.extras?.qrcodeData).toEqual(['https://a.example', 'WIFI:S:cafe;;'])
    expect(result.extras?.qrcodeLocations).toHaveLength(3)
    expect(result.extras?.qrcodeLocations?.[1]).toEqual({
      x: 100,
      y: 5,
      w: 40,
      h: 40,
      qrcode: 'WIFI:S:cafe;;',
    })
  })

  it('no hit is normal/pass without extras', () => {
    expect(qrcodeSceneResult([])).toEqual({
      scene: 'qrcode',
      label: 'normal',
      suggestion: 'pass',
      rate: 90,
    })
  })
})
