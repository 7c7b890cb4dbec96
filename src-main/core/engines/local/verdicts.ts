import type { SceneResult } from '../../../../src-shared/domain'
import { pornGroups, type NsfwScores } from './nsfw-scores'
import type { LocalThresholds } from './thresholds'

export interface QrHit {
  readonly text: string
  /** Axis-aligned box in the displayed image's pixels, origin top-left (Green's qrcodeLocations). */
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

const percent = (p: number) => Math.round(Math.min(1, Math.max(0, p)) * 10_000) / 100

/**
 * Green's porn scene from nsfwjs scores: porn = Porn + Hentai, sexy = Sexy, normal = Neutral +
 * Drawing. `rate` is the probability of the chosen label, 0–100, as Green reports it. For an
 * animation the most explicit sampled frame decides, as one bad frame is enough.
 */
export function pornSceneResult(
  frames: readonly NsfwScores[],
  thresholds: LocalThresholds,
): SceneResult {
  const t = thresholds.porn
  const groups = frames.map(pornGroups)
  const worst = groups.reduce((a, b) =>
    b.porn > a.porn || (b.porn === a.porn && b.sexy > a.sexy) ? b : a,
  )
  if (worst.porn >= t.block)
    return { scene: 'porn', label: 'porn', suggestion: 'block', rate: percent(worst.porn) }
  if (worst.porn >= t.review)
    return { scene: 'porn', label: 'porn', suggestion: 'review', rate: percent(worst.porn) }
  const sexiest = groups.reduce((a, b) => (b.sexy > a.sexy ? b : a))
  if (sexiest.sexy >= t.sexyReview) {
    return { scene: 'porn', label: 'sexy', suggestion: 'review', rate: percent(sexiest.sexy) }
  }
  const leastNormal = groups.reduce((a, b) => (b.normal < a.normal ? b : a))
  return { scene: 'porn', label: 'normal', suggestion: 'pass', rate: percent(leastNormal.normal) }
}

/**
 * A decoded QR code is certain (Reed-Solomon checked), hence rate 100. Finding none is less so: a
 * tiny, blurred or damaged code can be missed, so "no QR code" is reported at 90, not 100.
 */
export function qrcodeSceneResult(hits: readonly QrHit[]): SceneResult {
  if (hits.length === 0) return { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 90 }
  return {
    scene: 'qrcode',
    label: 'qrcode',
    suggestion: 'review',
    rate: 100,
    extras: {
      qrcodeData: [...new Set(hits.map((h) => h.text))],
      qrcodeLocations: hits.map((h) => ({ x: h.x, y: h.y, w: h.w, h: h.h, qrcode: h.text })),
    },
  }
}
