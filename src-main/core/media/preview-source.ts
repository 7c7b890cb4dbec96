import { randomUUID } from 'node:crypto'
import { access, mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { decodeBmp } from './bmp'
import { sniffImageFormat } from './image-format'
import { readRegularFile } from './open-regular-file'

/**
 * The image a file holds, ready for sharp, only if the file still holds the bytes named
 * `sha256`: a file swapped since it was hashed must not lend its picture to another image's
 * verdict. Null for a file that cannot be read, changed, or is no image.
 */
export async function openHashedImage(
  sourcePath: string,
  sha256: string,
  options: {
    readonly maxPixels: number
    /** A frame of an animated GIF or WebP (0 is the first); clamped to the frames there are. */
    readonly frame?: number
    readonly signal?: AbortSignal | undefined
  },
): Promise<Sharp | null> {
  const read = await readRegularFile(sourcePath, options.signal ? { signal: options.signal } : {})
  if (!read.ok || read.value.sha256 !== sha256) return null
  const bytes = read.value.bytes
  const format = sniffImageFormat(bytes)
  if (!format) return null
  if (format === 'bmp') {
    // sharp cannot read BMP; the local engine's reader can (a bitmap's size bounds its pixels).
    const bmp = decodeBmp(bytes, options.maxPixels)
    return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } })
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const limits = { limitInputPixels: options.maxPixels, failOn: 'none' } as const
  const wanted = options.frame ?? 0
  if (wanted === 0) return sharp(input, limits)
  const pages = (await sharp(input, limits).metadata()).pages ?? 1
  return sharp(input, { ...limits, page: Math.min(wanted, pages - 1), pages: 1 })
}

/**
 * Writes `target` once, from `make`, unless it is already there: named by content, a cached
 * image never changes. Written to a temp name and renamed, so a reader never sees half a file.
 * Best effort: false when `make` gives nothing or fails (the UI shows a placeholder).
 */
export async function writeOnce(
  dir: string,
  target: string,
  make: () => Promise<Sharp | null>,
): Promise<boolean> {
  try {
    await access(target)
    return true
  } catch {
    // not there yet
  }
  const temp = join(dir, `.${randomUUID()}.webp`)
  try {
    await mkdir(dir, { recursive: true })
    const image = await make()
    if (image === null) return false
    await image.toFile(temp)
    await rename(temp, target)
    return true
  } catch {
    await rm(temp, { force: true })
    return false
  }
}
