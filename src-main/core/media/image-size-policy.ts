import { appError, type AppError } from '../../../src-shared/result'
import type { Size } from './green-limits'

/**
 * The most pixels Greenlight decodes, in both engines. Below it a huge image is judged: Green's
 * pre-flight downscales it to Green's limits, the local engine shrinks it while decoding. Above
 * it the header is most likely a decompression bomb (a few KB claiming gigapixels), and both
 * refuse it before decoding anything. sharp streams with shrink-on-load, so this bounds time
 * more than memory.
 */
export const MAX_DECODE_PIXELS = 1_000_000_000

/** True when the header states more pixels than `limit` allows: refuse before decoding. */
export function overDecodeLimit(size: Size, limit: number = MAX_DECODE_PIXELS): boolean {
  return size.width * size.height > limit
}

/** Megapixels as people say them: 2500, 400, 1.2, 0.01. */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6
  return mp >= 10 ? String(Math.round(mp)) : String(Number(mp.toPrecision(2)))
}

/**
 * The one error for an image over the decode limit, from either engine. With the header's size
 * it gives the real figures; without it (sharp stopped on a later frame) only the limit.
 */
export function tooManyPixelsError(
  name: string,
  size: Size | null,
  limit: number = MAX_DECODE_PIXELS,
): AppError {
  const max = formatMegapixels(limit)
  const what =
    size === null
      ? `has more than ${max} megapixels`
      : `is ${String(size.width)}×${String(size.height)} pixels (${formatMegapixels(size.width * size.height)} megapixels)`
  return appError(
    'IMAGE_TOO_LARGE',
    `${name} ${what}, over the ${max} megapixels Greenlight will decode, so it was not opened: a file that claims this many is usually damaged or a decompression bomb. Downscale it below ${max} megapixels if it is a real image (Greenlight shrinks anything smaller itself), then add it again.`,
    false,
    {
      reason: 'pixels',
      name,
      limit: max,
      ...(size === null ? {} : { width: size.width, height: size.height }),
      ...(size === null ? {} : { megapixels: formatMegapixels(size.width * size.height) }),
    },
  )
}
