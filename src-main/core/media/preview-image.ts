import { join } from 'node:path'
import { openHashedImage, writeOnce } from './preview-source'

/** The loupe's image fits within this on its long side: sharp on a 1080p screen, a few hundred KB. */
export const PREVIEW_SIDE = 1600
/** WebP's own limit on a side: a larger original's 1:1 view is shrunk to it. */
export const FULL_MAX_SIDE = 16_383

/** `preview`: fitted within PREVIEW_SIDE; `full`: the original's pixels, for the 1:1 view. */
export type PreviewSize = 'preview' | 'full'

/**
 * Inputs above these are refused rather than decoded (a placeholder shows): a preview shrinks on
 * load, the 1:1 view holds every pixel, so it stops sooner.
 */
const MAX_INPUT_PIXELS: Readonly<Record<PreviewSize, number>> = {
  preview: 0x3fff * 0x3fff,
  full: 100_000_000,
}

/** The most frames an animated image is looked into; a judged frame beyond is clamped. */
export const MAX_PREVIEW_FRAME = 999

export function previewPath(
  previewsDir: string,
  sha256: string,
  size: PreviewSize,
  frame: number,
): string {
  return join(previewsDir, `${sha256}-${String(frame)}-${size}.webp`)
}

/**
 * Writes the preview of an image file under its content hash (docs/architecture.md §6), once:
 * EXIF-rotated, the requested frame of a GIF (the first, or the one the verdict matched), fitted
 * within PREVIEW_SIDE, or at its own size for `full`. Best effort like a thumbnail: a file that
 * cannot be read or decoded, is too large, or no longer holds those bytes gets none.
 */
export function ensurePreview(
  sourcePath: string,
  sha256: string,
  previewsDir: string,
  options: { readonly size: PreviewSize; readonly frame?: number; readonly signal?: AbortSignal },
): Promise<boolean> {
  const frame = Math.min(Math.max(0, Math.trunc(options.frame ?? 0)), MAX_PREVIEW_FRAME)
  const target = previewPath(previewsDir, sha256, options.size, frame)
  return writeOnce(previewsDir, target, async () => {
    const image = await openHashedImage(sourcePath, sha256, {
      maxPixels: MAX_INPUT_PIXELS[options.size],
      frame,
      signal: options.signal,
    })
    const side = options.size === 'preview' ? PREVIEW_SIDE : FULL_MAX_SIDE
    return (
      image
        ?.rotate()
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        // The 1:1 image is large and asked for once, while the reviewer waits: encoded fast.
        .webp(options.size === 'preview' ? { quality: 82 } : { quality: 90, effort: 1 }) ?? null
    )
  })
}
