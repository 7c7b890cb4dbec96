import type { Item, Scene, SceneExtras, Suggestion } from '../../../src-shared/domain'
import type { MessageKey } from '../../i18n/en'

/** One line of what Green returned besides a scene's label: a message key and its values. */
export interface ExtraLine {
  readonly key: MessageKey
  readonly values: Readonly<Record<string, string | number>>
}

const at = (b: { x: number; y: number; w: number; h: number }) => ({
  x: Math.round(b.x),
  y: Math.round(b.y),
  w: Math.round(b.w),
  h: Math.round(b.h),
})

/**
 * Every extra of a scene as words to show (docs/green-api.md §4.3): the QR text and where it is,
 * mini-program codes, logo names, faces, the ad or OCR words, and the frames judged with the one
 * that matched (the highest rate). Nothing Green returned is left out.
 */
export function extraLines(extras: SceneExtras | undefined): ExtraLine[] {
  if (!extras) return []
  const lines: ExtraLine[] = []
  const located = new Set<string>()
  for (const qr of extras.qrcodeLocations ?? []) {
    located.add(qr.qrcode)
    lines.push({ key: 'preview.extra.qrAt', values: { text: qr.qrcode, ...at(qr) } })
  }
  for (const text of extras.qrcodeData ?? []) {
    if (!located.has(text)) lines.push({ key: 'preview.extra.qr', values: { text } })
  }
  for (const code of extras.programCodeData ?? [])
    lines.push({ key: 'preview.extra.program', values: at(code) })
  for (const logo of extras.logoData ?? [])
    lines.push({ key: 'preview.extra.logo', values: { name: logo.name, type: logo.type } })
  for (const area of extras.sfaceData ?? []) {
    for (const face of area.faces)
      lines.push({ key: 'preview.extra.face', values: { name: face.name, rate: face.rate } })
  }
  const hints = (extras.hintWordsInfo ?? []).map((h) => h.context)
  if (hints.length > 0)
    lines.push({ key: 'preview.extra.hint', values: { words: hints.join(', ') } })
  for (const text of extras.ocrData ?? [])
    lines.push({ key: 'preview.extra.ocr', values: { text } })
  const frames = extras.frames ?? []
  if (frames.length > 0) {
    const best = frames.reduce((a, b) => (b.rate > a.rate ? b : a))
    lines.push({
      key: 'preview.extra.frames',
      values: { count: frames.length, frame: frames.indexOf(best) + 1, rate: best.rate },
    })
  }
  return lines
}

/** A corrected scene beside what the engine said of it: the engine's verdict stays visible. */
export interface Correction {
  readonly scene: Scene
  readonly engine: { readonly suggestion: Suggestion; readonly rate: number } | null
  readonly you: 'pass' | 'block'
}

export function correctionsBesideEngine(item: Pick<Item, 'results' | 'feedback'>): Correction[] {
  return (item.feedback?.corrections ?? []).map((c) => {
    const judged = item.results.find((r) => r.scene === c.scene)
    return {
      scene: c.scene,
      engine: judged ? { suggestion: judged.suggestion, rate: judged.rate } : null,
      you: c.suggestion,
    }
  })
}

/** What the loupe can show of an item: its image by hash, or why not (an honest placeholder). */
export type PreviewPicture =
  | { readonly kind: 'image'; readonly sha256: string }
  | { readonly kind: 'url' | 'not-judged' | 'none' }

export function previewPicture(
  item: Pick<Item, 'sourceKind' | 'sha256' | 'state'>,
): PreviewPicture {
  // A URL is judged where it lives: Greenlight never downloaded its bytes.
  if (item.sourceKind === 'url') return { kind: 'url' }
  if (item.sha256 === null) return { kind: item.state === 'done' ? 'none' : 'not-judged' }
  return { kind: 'image', sha256: item.sha256 }
}

/** Whether Enter on this element belongs to it (a button clicks, a field types): not the preview's. */
export function ownsEnter(target: EventTarget | null): boolean {
  const element = target as {
    tagName?: string
    isContentEditable?: boolean
    getAttribute?: (n: string) => string | null
  } | null
  const tag = element?.tagName
  if (
    tag === 'BUTTON' ||
    tag === 'A' ||
    tag === 'INPUT' ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    tag === 'SUMMARY'
  )
    return true
  const role = element?.getAttribute?.('role')
  return (
    element?.isContentEditable === true ||
    role === 'button' ||
    role === 'link' ||
    role === 'checkbox'
  )
}
