import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { GREEN_MAX_BYTES, type Size } from './green-limits'

/** Every temp copy pre-flight writes starts with this, so a sweep never touches anything else. */
export const PREFLIGHT_TEMP_PREFIX = 'preflight-'

/** Where the pixels come from: a file sharp streams, or RGB we decoded ourselves (bitmaps). */
export type ReencodeSource =
  | { readonly kind: 'file'; readonly path: string; readonly limitInputPixels: number }
  /** An encoded image already in memory (pre-flight's single read of the original). */
  | { readonly kind: 'encoded'; readonly input: Buffer; readonly limitInputPixels: number }
  | {
      readonly kind: 'raw'
      readonly rgb: Uint8Array
      readonly width: number
      readonly height: number
    }

export type ReencodeOutput = 'jpeg' | 'png' | 'gif'

export interface ReencodeRequest {
  readonly source: ReencodeSource
  /** Frame size wanted (already within the pixel limits); the byte cap may shrink it further. */
  readonly target: Size
  /** Displayed size of the source, to know whether a resize is needed at all. */
  readonly sourceSize: Size
  /** 'gif' keeps every frame of an animation; 'png' and 'jpeg' write the first frame. */
  readonly output: ReencodeOutput
  readonly tempDir: string
  readonly maxBytes?: number
}

export interface Reencoded {
  readonly path: string
  readonly format: ReencodeOutput
  readonly width: number
  readonly height: number
  readonly bytes: number
  readonly frames: number
  /** JPEG quality used, when JPEG. */
  readonly quality?: number
}

/** Quality steps tried in order until the JPEG fits; below 40 artefacts hurt moderation. */
const JPEG_QUALITIES = [90, 80, 70, 60, 50, 40] as const
/** After the last quality step, or for a too-big GIF, shrink the frame and try again this often. */
const SHRINK_ATTEMPTS = 4

function open(source: ReencodeSource, animated: boolean): Sharp {
  if (source.kind === 'raw') {
    return sharp(source.rgb, { raw: { width: source.width, height: source.height, channels: 3 } })
  }
  return sharp(source.kind === 'file' ? source.path : source.input, {
    limitInputPixels: source.limitInputPixels,
    // Streams top to bottom: a 25 MB file is never held whole, and attempts re-read the disk.
    sequentialRead: true,
    failOn: 'error',
    ...(animated ? { animated: true } : { page: 0, pages: 1 }),
  })
}

function pipeline(request: ReencodeRequest, size: Size): Sharp {
  const animated = request.output === 'gif'
  // GIFs carry no EXIF orientation; everything else is turned upright because the output
  // drops the orientation tag.
  let image = open(request.source, animated)
  if (!animated) image = image.autoOrient()
  const same = size.width === request.sourceSize.width && size.height === request.sourceSize.height
  if (!same) image = image.resize(size.width, size.height, { fit: 'fill' })
  return image
}

function shrink(size: Size, bytes: number, maxBytes: number): Size {
  // Bytes scale roughly with pixels; aim 10% under so one more try usually fits.
  const scale = Math.min(0.9, Math.sqrt(maxBytes / bytes) * 0.9)
  return {
    width: Math.max(1, Math.floor(size.width * scale)),
    height: Math.max(1, Math.floor(size.height * scale)),
  }
}

/**
 * Writes a Green-compatible copy into `tempDir` that fits the byte cap: JPEG down the quality
 * steps, then smaller; PNG or GIF as asked, falling back to shrinking (GIF) or JPEG (PNG).
 * Throws sharp's or the file system's error; the caller turns it into an AppError. The temp file
 * is removed on failure.
 */
export function reencodeImage(request: ReencodeRequest): Promise<Reencoded> {
  // One re-encode at a time per process: each can take a few hundred MB, and the scan service
  // runs many pre-flights at once. Pass-through checks never wait here.
  const run = queue.then(() => reencodeNow(request))
  queue = run.then(
    () => undefined,
    () => undefined,
  )
  return run
}

let queue: Promise<void> = Promise.resolve()

async function reencodeNow(request: ReencodeRequest): Promise<Reencoded> {
  const maxBytes = request.maxBytes ?? GREEN_MAX_BYTES
  const base = join(request.tempDir, `${PREFLIGHT_TEMP_PREFIX}${randomUUID()}`)
  const written: string[] = []
  const write = async (image: Sharp, ext: string) => {
    const path = `${base}.${ext}`
    if (!written.includes(path)) written.push(path)
    const info = await image.toFile(path)
    return { path, info }
  }
  const discardOthers = async (keep: string) => {
    await Promise.all(written.filter((p) => p !== keep).map((p) => rm(p, { force: true })))
  }
  try {
    let size = request.target
    if (request.output === 'gif' || request.output === 'png') {
      for (let attempt = 0; attempt <= SHRINK_ATTEMPTS; attempt++) {
        const image =
          request.output === 'gif' ? pipeline(request, size).gif() : pipeline(request, size).png()
        const { path, info } = await write(image, request.output)
        if (info.size <= maxBytes) {
          await discardOthers(path)
          const frames = info.pages ?? 1
          const height = frames > 1 && info.pageHeight ? info.pageHeight : info.height
          return {
            path,
            format: request.output,
            width: info.width,
            height,
            bytes: info.size,
            frames,
          }
        }
        // A lossless PNG that is too big goes to JPEG at full size instead of losing pixels.
        if (request.output === 'png') break
        size = shrink(size, info.size, maxBytes)
      }
      size = request.target
    }
    for (let attempt = 0; attempt <= SHRINK_ATTEMPTS; attempt++) {
      let last = 0
      for (const quality of JPEG_QUALITIES) {
        const image = pipeline(request, size)
          .flatten({ background: { r: 255, g: 255, b: 255 } })
          .jpeg({ quality })
        const { path, info } = await write(image, 'jpg')
        if (info.size <= maxBytes) {
          await discardOthers(path)
          return {
            path,
            format: 'jpeg',
            width: info.width,
            height: info.height,
            bytes: info.size,
            frames: 1,
            quality,
          }
        }
        last = info.size
      }
      size = shrink(size, last, maxBytes)
    }
    throw new Error(`could not bring the image under ${maxBytes} bytes`)
  } catch (error) {
    await Promise.all(written.map((p) => rm(p, { force: true })))
    throw error
  }
}
