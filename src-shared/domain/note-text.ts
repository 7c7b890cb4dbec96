import type { ItemNote, NoteParams } from './item-note'

const FORMAT_LABEL: Readonly<Record<string, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  tiff: 'TIFF',
  avif: 'AVIF',
  heif: 'HEIF',
}

/** A format as people write it (JPEG, WebP); an unknown one as given. */
export function formatLabel(format: string): string {
  return FORMAT_LABEL[format] ?? format
}

/** Sizes as users read them: MB with one decimal (the MiB the 20 MB cap counts), KB below 0.05. */
export function megabytes(bytes: number): string {
  if (bytes < 0.05 * 2 ** 20) return `${String(Math.ceil(bytes / 1024))} KB`
  return `${(bytes / 2 ** 20).toFixed(1)} MB`
}

/** What a pre-flight copy changed, as the clauses every language words in turn. */
export interface PreflightClauses {
  readonly firstFrameOnly: boolean
  readonly resized: boolean
  /** A downscaled GIF that kept all its frames (more than one). */
  readonly framesKept: boolean
  /** A downscale in the same format needs no second clause; anything else says what it became. */
  readonly reencoded: boolean
  readonly greenFormat: boolean
}

export function preflightClauses(p: NoteParams['preflight-changed']): PreflightClauses {
  const resized = p.sentWidth !== p.width || p.sentHeight !== p.height
  return {
    firstFrameOnly: p.firstFrameOnly === 'yes',
    resized,
    framesKept: resized && p.to === 'gif' && Number(p.sentFrames) > 1,
    reencoded: p.from !== p.to || !resized,
    greenFormat: p.greenFormat === 'yes',
  }
}

function preflightText(p: NoteParams['preflight-changed']): string {
  const c = preflightClauses(p)
  const parts: string[] = []
  if (c.firstFrameOnly) parts.push(`kept only the first of its ${p.frames} frames`)
  if (c.resized) {
    const kept = c.framesKept ? ` (all ${p.sentFrames} frames kept)` : ''
    parts.push(`downscaled from ${p.width}×${p.height} to ${p.sentWidth}×${p.sentHeight}${kept}`)
  }
  if (c.reencoded) {
    const sizes = `${megabytes(Number(p.bytes))} → ${megabytes(Number(p.sentBytes))}`
    parts.push(`re-encoded as ${formatLabel(p.to)} (${sizes})`)
  }
  const why = c.greenFormat
    ? "to fit Green's limits"
    : `because Green does not accept ${formatLabel(p.from)}`
  return `${parts.join(' and ')} ${why}`
}

/**
 * A note in plain English: what the CLI prints, the logs say and the exports keep in their note
 * column (the app words notes in the user's language instead).
 */
export function noteText(note: ItemNote): string {
  const params = note.params
  switch (note.code) {
    case 'cache-reused':
      return 'Verdict reused from an earlier scan of the same image: no new call, no charge.'
    case 'same-as-item':
      return `Same image as item ${params.item ?? '?'}: its verdict was reused (one call, one charge).`
    case 'same-as-submitted':
      return 'Same image as one already submitted: waits for that verdict (one charge).'
    case 'preflight-changed':
      return preflightText(params as NoteParams['preflight-changed'])
    case 'legacy':
      return params.text ?? ''
  }
}
