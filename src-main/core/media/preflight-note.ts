import { isGreenFormat } from './green-limits'
import type { ImageFormat } from './image-format'

interface Facts {
  readonly width: number
  readonly height: number
  readonly bytes: number
  readonly frames: number
}

export interface Change {
  readonly from: ImageFormat
  readonly to: 'jpeg' | 'png' | 'gif'
  readonly original: Facts
  readonly sent: Facts
  readonly firstFrameOnly: boolean
}

const LABEL: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  tiff: 'TIFF',
  avif: 'AVIF',
  heif: 'HEIF',
}

/** Sizes as users read them: MB with one decimal (the MiB the 20 MB cap counts), KB below 0.05. */
export function megabytes(bytes: number): string {
  if (bytes < 0.05 * 2 ** 20) return `${Math.ceil(bytes / 1024)} KB`
  return `${(bytes / 2 ** 20).toFixed(1)} MB`
}

/**
 * The note stored on an item whose file was replaced by a temp copy, e.g. "downscaled from
 * 30001×400 to 30000×400 to fit Green's limits". Says what was lost (size, frames, quality).
 */
export function describeChange(change: Change): string {
  const { original, sent } = change
  const parts: string[] = []
  if (change.firstFrameOnly) {
    parts.push(`kept only the first of its ${original.frames} frames`)
  }
  const resized = sent.width !== original.width || sent.height !== original.height
  if (resized) {
    const kept = change.to === 'gif' && sent.frames > 1 ? ` (all ${sent.frames} frames kept)` : ''
    parts.push(
      `downscaled from ${original.width}×${original.height} to ${sent.width}×${sent.height}${kept}`,
    )
  }
  // A downscale in the same format needs no second clause; anything else says what it became.
  if (change.from !== change.to || !resized) {
    parts.push(
      `re-encoded as ${LABEL[change.to]} (${megabytes(original.bytes)} → ${megabytes(sent.bytes)})`,
    )
  }
  const why = isGreenFormat(change.from)
    ? "to fit Green's limits"
    : `because Green does not accept ${LABEL[change.from]}`
  return `${parts.join(' and ')} ${why}`
}
