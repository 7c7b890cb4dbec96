import type { FrameHints } from '../media/preflight'
import { DEFAULT_PREFLIGHT_OPTIONS } from '../media/preflight'
import { GREEN_MAX_BYTES, isLongImage, overPixelLimits } from '../media/green-limits'

/** What a cheap look at an image's header tells about what pre-flight will send. */
export interface ImageShape {
  readonly format: string
  readonly width: number
  readonly height: number
  /** Frames in the file (1 for a still). */
  readonly pages: number
  readonly bytes: number
}

/**
 * Frames Green bills for one image (docs/green-api.md §3.1: "billing follows the number of frames
 * moderated"), following what pre-flight sends: frame hints go only with animated GIFs and long
 * images; an animation too big to resize in memory goes as a still; other animations (WebP) go as
 * their first frame. With hints, one frame every `interval`, at most `maxFrames`.
 */
export function billedFrames(image: ImageShape, hints: FrameHints): number {
  const sample = (frames: number) =>
    Math.max(1, Math.min(hints.maxFrames, Math.ceil(frames / hints.interval)))
  if (image.format === 'gif' && image.pages > 1) {
    const decoded = image.width * image.height * image.pages
    const reencoded = image.bytes > GREEN_MAX_BYTES || overPixelLimits(image, true)
    if (reencoded && decoded > DEFAULT_PREFLIGHT_OPTIONS.maxAnimationPixels) return 1
    return sample(image.pages)
  }
  if (isLongImage(image)) {
    // Green cuts a long image into ⌊long side / short side⌋ tiles (docs/green-api.md §3.1).
    const long = Math.max(image.width, image.height)
    const short = Math.max(1, Math.min(image.width, image.height))
    return sample(Math.floor(long / short))
  }
  return 1
}
