import { createHash } from 'node:crypto'
import type { Scene, Suggestion } from '../../../../../src-shared/domain'
import type { WireSceneResult } from '../green-types'

/** Every label per scene (docs/green-api.md §4.4); index 0 is the harmless one. */
export const SCENE_LABELS: Readonly<Record<Scene, readonly string[]>> = {
  porn: ['normal', 'sexy', 'porn'],
  terrorism: [
    'normal',
    'bloody',
    'explosion',
    'outfit',
    'logo',
    'weapon',
    'politics',
    'violence',
    'crowd',
    'parade',
    'carcrash',
    'flag',
    'location',
    'drug',
    'gamble',
    'others',
  ],
  ad: [
    'normal',
    'ad',
    'politics',
    'porn',
    'abuse',
    'terrorism',
    'contraband',
    'spam',
    'npx',
    'qrcode',
    'programCode',
  ],
  qrcode: ['normal', 'qrcode', 'programCode'],
  live: ['normal', 'meaningless', 'PIP', 'smoking', 'drivelive', 'drug', 'gamble'],
  logo: ['normal', 'TV', 'trademark'],
}

/** What a test scripts for one scene; extras are sent as given. */
export type ScriptedScene = Omit<WireSceneResult, 'scene' | 'rate'> & { readonly rate?: number }

/** Suggestion for a non-normal label (§4.4 semantics): "contains" scenes review, harm blocks. */
function suggestionFor(scene: Scene, label: string, byte: number): Suggestion {
  if (label === 'normal') return 'pass'
  if (scene === 'qrcode' || scene === 'logo') return 'review'
  if (scene === 'porn') return label === 'sexy' ? 'review' : 'block'
  return byte < 128 ? 'review' : 'block'
}

const round2 = (n: number): number => Math.round(n * 100) / 100

function box(bytes: Buffer, at: number): { x: number; y: number; w: number; h: number } {
  const b = (i: number): number => bytes[(at + i) % bytes.length] ?? 0
  return { x: b(0), y: b(1), w: 32 + b(2), h: 32 + b(3) }
}

/** The extras a real answer would carry for this label (§4.3). */
function extrasFor(
  scene: Scene,
  label: string,
  digest: Buffer,
  frames: number,
  frameBase: string,
): Partial<WireSceneResult> {
  const hex = digest.toString('hex').slice(0, 12)
  const extras: Partial<WireSceneResult> = {}
  if (label === 'qrcode') {
    const text = `https://qr.emulator.invalid/${hex}`
    extras.qrcodeData = [text]
    extras.qrcodeLocations = [{ ...box(digest, 8), qrcode: text }]
  }
  if (label === 'programCode') extras.programCodeData = [box(digest, 12)]
  if (scene === 'logo' && label !== 'normal') {
    extras.logoData = [
      { ...box(digest, 16), type: label, name: `emulator-${label}-${hex.slice(0, 4)}` },
    ]
  }
  if (scene === 'ad' && label !== 'normal' && label !== 'qrcode' && label !== 'programCode') {
    extras.hintWordsInfo = [{ context: `${label}-word-${hex.slice(0, 4)}` }]
    extras.ocrData = [`emulator ocr text ${hex}`]
  }
  if (scene === 'terrorism' && label === 'politics') {
    extras.sfaceData = [
      {
        ...box(digest, 20),
        faces: [{ id: `face-${hex.slice(0, 6)}`, name: 'emulator face', rate: 91.5 }],
      },
    ]
  }
  if (frames > 1 && label !== 'normal') {
    extras.frames = Array.from({ length: frames }, (_, i) => ({
      rate: round2(60 + ((digest[i % digest.length] ?? 0) / 255) * 40),
      url: `${frameBase}/${hex}/${i}.jpg`,
    }))
  }
  return extras
}

/**
 * A deterministic verdict: the same image (bytes, or URL text) always gets the same labels.
 * About 70% of images pass each scene; the rest spread over every label of §4.4.
 */
export function deriveSceneResult(
  imageKey: string,
  scene: Scene,
  frames: number,
  frameBase: string,
): WireSceneResult {
  const digest = createHash('sha256').update(`${scene}\0${imageKey}`).digest()
  const labels = SCENE_LABELS[scene]
  const roll = digest[0] ?? 0
  const flagged = roll >= 179
  const label = flagged
    ? (labels[1 + ((digest[1] ?? 0) % (labels.length - 1))] ?? 'normal')
    : 'normal'
  const rate = flagged ? 60 + ((digest[3] ?? 0) / 255) * 40 : 90 + ((digest[3] ?? 0) / 255) * 10
  return {
    scene,
    label,
    suggestion: suggestionFor(scene, label, digest[2] ?? 0),
    rate: round2(rate),
    ...extrasFor(scene, label, digest, frames, frameBase),
  }
}

/** Feedback (§7, §10.8): `pass` → normal/pass, `block` → the given label (or the first bad one). */
export function feedbackSceneResult(
  scene: Scene,
  suggestion: Suggestion,
  label?: string,
): WireSceneResult {
  if (suggestion === 'pass') return { scene, label: 'normal', suggestion: 'pass', rate: 100 }
  const fallback = SCENE_LABELS[scene][1] ?? 'normal'
  const chosen = label !== undefined && SCENE_LABELS[scene].includes(label) ? label : fallback
  return { scene, label: chosen, suggestion, rate: 100 }
}
