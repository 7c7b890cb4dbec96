import { randomUUID } from 'node:crypto'
import { access, mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { decodeBmp } from './bmp'
import { sniffImageFormat } from './image-format'
import { readRegularFile } from './open-regular-file'

/** Square, twice the 56 px the queue shows, so it stays sharp on a HiDPI screen. */
export const THUMB_SIZE = 112
/** A thumbnail needs no more than this; larger inputs are skipped rather than decoded. */
const MAX_INPUT_PIXELS = 0x3fff * 0x3fff

export function thumbnailPath(thumbsDir: string, sha256: string): string {
  return join(thumbsDir, `${sha256}.webp`)
}

/**
 * Writes `<thumbsDir>/<sha256>.webp` for an image file unless it is already there: the name is
 * the content hash, so one thumbnail serves every copy of the same photo. Best effort: a file
 * that cannot be read or decoded, or no longer has those bytes, gets no thumbnail (the UI shows a
 * placeholder) and never fails its scan. Written to a temp name and renamed, so a reader never sees half a file.
 */
export async function ensureThumbnail(
  sourcePath: string,
  sha256: string,
  thumbsDir: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const target = thumbnailPath(thumbsDir, sha256)
  try {
    await access(target)
    return true
  } catch {
    // not there yet
  }
  const temp = join(thumbsDir, `.${randomUUID()}.webp`)
  try {
    await mkdir(thumbsDir, { recursive: true })
    // Read once, and only if it still holds the bytes named `sha256`: a file swapped since it was
    // hashed must not lend its picture to another image's verdict.
    const read = await readRegularFile(sourcePath, signal ? { signal } : {})
    if (!read.ok || read.value.sha256 !== sha256) return false
    const bytes = read.value.bytes
    const format = sniffImageFormat(bytes)
    if (!format) return false
    let image: Sharp
    if (format === 'bmp') {
      // sharp cannot read BMP; the local engine's reader can (a bitmap's size bounds its pixels).
      const bmp = decodeBmp(bytes, MAX_INPUT_PIXELS)
      image = sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } })
    } else {
      const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'none' })
    }
    await image
      .rotate()
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'cover' })
      .webp({ quality: 70 })
      .toFile(temp)
    await rename(temp, target)
    return true
  } catch {
    await rm(temp, { force: true })
    return false
  }
}
