import { join } from 'node:path'
import { openHashedImage, writeOnce } from './preview-source'

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
 * placeholder) and never fails its scan.
 */
export function ensureThumbnail(
  sourcePath: string,
  sha256: string,
  thumbsDir: string,
  signal?: AbortSignal,
): Promise<boolean> {
  return writeOnce(thumbsDir, thumbnailPath(thumbsDir, sha256), async () => {
    const image = await openHashedImage(sourcePath, sha256, { maxPixels: MAX_INPUT_PIXELS, signal })
    return (
      image?.rotate().resize(THUMB_SIZE, THUMB_SIZE, { fit: 'cover' }).webp({ quality: 70 }) ?? null
    )
  })
}
