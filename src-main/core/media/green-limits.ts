/**
 * Green's image limits (docs/green-api.md §3.1). The byte cap matches the uploader and the emulator
 * (20 MiB): Green says "20 MB" and the binary reading is the one its checks accept.
 */
export const GREEN_MAX_BYTES = 20 * 1024 * 1024
export const GREEN_MAX_SIDE = 30_000
export const GREEN_MAX_PIXELS = 250_000_000
export const GREEN_MAX_GIF_PIXELS = 4_194_304

/** The formats Green downloads and scans as they are; anything else is re-encoded first. */
export const GREEN_FORMATS = ['jpeg', 'png', 'bmp', 'gif', 'webp'] as const
export type GreenFormat = (typeof GREEN_FORMATS)[number]

export function isGreenFormat(format: string): format is GreenFormat {
  return (GREEN_FORMATS as readonly string[]).includes(format)
}

export interface Size {
  readonly width: number
  readonly height: number
}

/** True when the frame size breaks a side or pixel limit (the byte limit is checked apart). */
export function overPixelLimits(size: Size, gif: boolean): boolean {
  const pixels = size.width * size.height
  return (
    size.width > GREEN_MAX_SIDE ||
    size.height > GREEN_MAX_SIDE ||
    pixels > GREEN_MAX_PIXELS ||
    (gif && pixels > GREEN_MAX_GIF_PIXELS)
  )
}

/**
 * The largest size with the same aspect ratio (to the nearest pixel) that fits every side and
 * pixel limit; each side stays at least 1 px so extreme strips do not vanish.
 */
export function fitWithinLimits(size: Size, gif: boolean): Size {
  const maxPixels = gif ? GREEN_MAX_GIF_PIXELS : GREEN_MAX_PIXELS
  const scale = Math.min(
    1,
    GREEN_MAX_SIDE / size.width,
    GREEN_MAX_SIDE / size.height,
    Math.sqrt(maxPixels / (size.width * size.height)),
  )
  if (scale >= 1) return size
  let width = Math.max(1, Math.round(size.width * scale))
  let height = Math.max(1, Math.round(size.height * scale))
  // Rounding to nearest keeps the ratio closest; step back a pixel if it tipped over a limit.
  while (overPixelLimits({ width, height }, gif)) {
    if (width > GREEN_MAX_SIDE || (height <= GREEN_MAX_SIDE && width >= height)) width--
    else height--
  }
  return { width, height }
}

/**
 * Green cuts a long image into tiles when `interval` is set: height > 400 px and height/width
 * > 2.5, or the same sideways (§3.1, doc 87122).
 */
export function isLongImage(size: Size): boolean {
  const tall = size.height > 400 && size.height / size.width > 2.5
  const wide = size.width > 400 && size.width / size.height > 2.5
  return tall || wide
}
