import { basename } from 'node:path'
import sharp, { type Sharp, type SharpOptions } from 'sharp'
import { err, ok, type Result } from '../../../src-shared/result'
import { BmpError, decodeBmp } from './bmp'
import { readBmpHeader } from './bmp-header'
import { sha256Bytes } from './hash-file'
import { SNIFF_BYTES, sniffImageFormat, type ImageFormat } from './image-format'
import { MAX_DECODE_PIXELS, overDecodeLimit, tooManyPixelsError } from './image-size-policy'
import { MAX_IMAGE_FILE_BYTES, readRegularFile } from './open-regular-file'
import { emptyFileError, notAnImageError, sharpError } from './preflight-errors'

export type ImageSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly name: string }

export interface DecodeOptions {
  /** Side of the square RGB image for the classifier; 0 skips it. */
  readonly classifierSize: number
  /** Longest side of the RGBA image for the QR reader; 0 skips it. */
  readonly qrMaxSide: number
  /** Frames sampled from an animated GIF/WebP (Green's `maxFrames`). */
  readonly maxFrames: number
  /** Take every `interval`-th frame instead of spreading `maxFrames` evenly (Green's `interval`). */
  readonly interval?: number
  /** Images above this many pixels fail with IMAGE_TOO_LARGE instead of exhausting memory. */
  readonly limitInputPixels: number
}

/**
 * Defaults: 224 is nsfwjs's input size. QR codes keep enough pixels per module at 2048 px, and a
 * 2048² RGBA buffer (16 MB) bounds the per-image memory whatever the source size. The pixel
 * ceiling is Green pre-flight's too: an image one engine judges, the other judges as well.
 */
export const DEFAULT_DECODE_OPTIONS: DecodeOptions = {
  classifierSize: 224,
  qrMaxSide: 2048,
  maxFrames: 3,
  limitInputPixels: MAX_DECODE_PIXELS,
}

export interface RgbaImage {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export interface DecodedFrame {
  readonly index: number
  /** classifierSize² × 3 bytes, sRGB, alpha flattened on white. */
  readonly classifierRgb?: Uint8Array
  readonly qrRgba?: RgbaImage
}

export interface DecodedImage {
  readonly format: ImageFormat
  /** Displayed size, after EXIF orientation. */
  readonly width: number
  readonly height: number
  readonly pageCount: number
  readonly frames: readonly DecodedFrame[]
  /** sha256 of the bytes decoded: the content any verdict on these frames is about. */
  readonly sha256: string
}

const WHITE = { r: 255, g: 255, b: 255 }

function sourceName(source: ImageSource): string {
  return source.kind === 'file' ? basename(source.path) : source.name
}

/** Which frames of an animation to look at: evenly spread, or every `interval`-th. */
export function sampleFrames(pageCount: number, maxFrames: number, interval?: number): number[] {
  const max = Math.max(1, Math.floor(maxFrames))
  if (pageCount <= 1) return [0]
  if (interval !== undefined && interval >= 1) {
    const out: number[] = []
    for (let i = 0; i < pageCount && out.length < max; i += Math.floor(interval)) out.push(i)
    return out
  }
  const n = Math.min(max, pageCount)
  if (n === 1) return [0]
  const out = new Set<number>()
  for (let k = 0; k < n; k++) out.add(Math.round((k * (pageCount - 1)) / (n - 1)))
  return [...out]
}

/** Whatever sharp hands back (grey, grey+alpha, RGB, RGBA) as tightly packed RGB or RGBA. */
function repack(data: Buffer, channels: number, want: 3 | 4): Uint8Array {
  if (channels === want) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const pixels = data.length / channels
  const out = new Uint8Array(pixels * want)
  for (let i = 0; i < pixels; i++) {
    const grey = channels < 3
    for (let c = 0; c < 3; c++) out[i * want + c] = data[i * channels + (grey ? 0 : c)] ?? 0
    if (want === 4) out[i * 4 + 3] = 255
  }
  return out
}

type Input =
  { kind: 'sharp'; input: Buffer } | { kind: 'raw'; rgb: Uint8Array; width: number; height: number }

function open_(input: Input, options: DecodeOptions, page: number): Sharp {
  if (input.kind === 'raw') {
    return sharp(input.rgb, { raw: { width: input.width, height: input.height, channels: 3 } })
  }
  const sharpOptions: SharpOptions = {
    limitInputPixels: options.limitInputPixels,
    // Reads top to bottom once: with shrink-on-load, memory stays bounded for huge images.
    sequentialRead: true,
    // Truncated or broken files fail instead of being judged on a half-grey picture.
    failOn: 'error',
    page,
    pages: 1,
  }
  return sharp(input.input, sharpOptions)
}

function classifierPipeline(image: Sharp, size: number): Promise<Uint8Array> {
  return image
    .resize(size, size, { fit: 'fill' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .then(({ data, info }) => repack(data, info.channels, 3))
}

async function decodeFrame(
  input: Input,
  options: DecodeOptions,
  page: number,
): Promise<DecodedFrame> {
  const oriented = () =>
    open_(input, options, page).rotate().flatten({ background: WHITE }).toColourspace('srgb')
  if (options.qrMaxSide <= 0) {
    if (options.classifierSize <= 0) return { index: page }
    return {
      index: page,
      classifierRgb: await classifierPipeline(oriented(), options.classifierSize),
    }
  }
  // Decode once at QR size, then shrink that for the classifier: a second decode of the source
  // costs more than resizing pixels already in memory.
  const q = await oriented()
    .resize({
      width: options.qrMaxSide,
      height: options.qrMaxSide,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .ensureAlpha(1)
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  const qrRgba = {
    data: repack(q.data, q.info.channels, 4),
    width: q.info.width,
    height: q.info.height,
  }
  if (options.classifierSize <= 0) return { index: page, qrRgba }
  const raw = sharp(qrRgba.data, {
    raw: { width: qrRgba.width, height: qrRgba.height, channels: 4 },
  })
  return {
    index: page,
    qrRgba,
    classifierRgb: await classifierPipeline(raw.removeAlpha(), options.classifierSize),
  }
}

/** Enough for the format sniff and a bitmap's full header. */
const HEAD_BYTES = Math.max(SNIFF_BYTES, 64)

/**
 * The image's bytes, read once: sharp decodes these, never the path again, so what is judged is
 * what is hashed even if the file is replaced meanwhile.
 */
async function readSource(
  source: ImageSource,
  signal?: AbortSignal,
): Promise<Result<{ bytes: Uint8Array; sha256: string }>> {
  if (source.kind === 'bytes') return ok({ bytes: source.bytes, sha256: sha256Bytes(source.bytes) })
  return readRegularFile(source.path, {
    name: sourceName(source),
    maxBytes: MAX_IMAGE_FILE_BYTES,
    ...(signal ? { signal } : {}),
  })
}

/**
 * Decodes an image into what the local models need: a small square RGB for the classifier and a
 * bounded RGBA for the QR reader, per sampled frame. Every failure is a per-item AppError.
 */
export async function decodeImage(
  source: ImageSource,
  options: DecodeOptions = DEFAULT_DECODE_OPTIONS,
  signal?: AbortSignal,
): Promise<Result<DecodedImage>> {
  const name = sourceName(source)
  // Opened before its size is believed (open-regular-file.ts): an unreadable file says so, and
  // is never reported as empty because stat saw 0 bytes.
  const read = await readSource(source, signal)
  if (!read.ok) return read
  const { bytes, sha256 } = read.value
  const head = bytes.subarray(0, HEAD_BYTES)
  if (bytes.length === 0) return err(emptyFileError(name))
  const format = sniffImageFormat(head)
  if (!format) return err(notAnImageError(name))

  let input: Input
  let width: number
  let height: number
  let pageCount = 1
  try {
    if (format === 'bmp') {
      const header = readBmpHeader(head)
      if (header && overDecodeLimit(header, options.limitInputPixels)) {
        return err(tooManyPixelsError(name, header, options.limitInputPixels))
      }
      // Bitmaps are uncompressed: the file size bounds the pixels, so reading it whole is safe.
      const bmp = decodeBmp(bytes, options.limitInputPixels)
      input = { kind: 'raw', rgb: bmp.data, width: bmp.width, height: bmp.height }
      width = bmp.width
      height = bmp.height
    } else {
      input = {
        kind: 'sharp',
        input: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      }
      // Headers only, with no pixel limit, so a bomb is refused below with its real figures.
      const meta = await open_(input, { ...options, limitInputPixels: 0 }, 0).metadata()
      width = meta.autoOrient.width
      height = meta.autoOrient.height
      pageCount = meta.pages ?? 1
    }
  } catch (error) {
    if (error instanceof BmpError) return err(error.toAppError(name))
    return err(sharpError(name, error, options.limitInputPixels))
  }
  if (overDecodeLimit({ width, height }, options.limitInputPixels)) {
    return err(tooManyPixelsError(name, { width, height }, options.limitInputPixels))
  }

  try {
    const frames: DecodedFrame[] = []
    // One frame at a time: a long animation must not hold all its frames in memory at once.
    for (const page of sampleFrames(pageCount, options.maxFrames, options.interval)) {
      frames.push(await decodeFrame(input, options, page))
    }
    return ok({ format, width, height, pageCount, frames, sha256 })
  } catch (error) {
    return err(sharpError(name, error, options.limitInputPixels))
  }
}
