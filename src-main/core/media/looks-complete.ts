import { readBmpHeader } from './bmp-header'
import { sniffImageFormat, SNIFF_BYTES } from './image-format'
import { endsWithGifTrailer, verifyDecodes, DEFAULT_PREFLIGHT_OPTIONS } from './preflight'
import { readRegularFile, readRegularFileEnds } from './open-regular-file'

/** A bitmap's full header, and enough of the end for PNG's IEND chunk. */
const HEAD_BYTES = 64
const TAIL_BYTES = 16
const PNG_IEND = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]

/**
 * False while a file is visibly not a whole image yet: empty, too short to tell its format, or an
 * image whose end is missing (what the scan would reject as cut short). A writer that pauses
 * longer than the watcher's quiet window leaves exactly such a file behind for a while.
 *
 * Cheap first: the end marker of JPEG and PNG, GIF's trailer, BMP's and WebP's stated size. Only
 * when a JPEG, PNG, WebP or other format lacks its marker (cameras append data after it) is the
 * image decoded, as the scan would. Content that is no image at all counts as complete: there is
 * nothing to wait for, and the scan says what it is.
 */
export async function looksComplete(path: string): Promise<boolean> {
  const ends = await readRegularFileEnds(path, HEAD_BYTES, TAIL_BYTES)
  if (!ends.ok) return false
  const { size, head, tail } = ends.value
  const format = sniffImageFormat(head)
  if (format === null) return size >= SNIFF_BYTES
  switch (format) {
    case 'gif':
      // libvips shows a cut-short GIF as a shorter animation, so decoding cannot tell.
      return endsWithGifTrailer(tail)
    case 'bmp': {
      const header = readBmpHeader(head)
      return header !== null && (header.expectedBytes === null || size >= header.expectedBytes)
    }
    case 'jpeg':
      if (endsWith(tail, [0xff, 0xd9])) return true
      break
    case 'png':
      if (endsWith(tail, PNG_IEND)) return true
      break
    case 'webp':
      // RIFF states the size of what follows its 8-byte header.
      if (
        head.length >= 8 &&
        size >= 8 + new DataView(head.buffer, head.byteOffset).getUint32(4, true)
      )
        return true
      break
    case 'tiff':
    case 'avif':
    case 'heif':
      // No cheap end marker: the decode below decides.
      break
  }
  const whole = await readRegularFile(path, {})
  if (!whole.ok) return false
  const broken = await verifyDecodes(
    Buffer.from(
      whole.value.bytes.buffer,
      whole.value.bytes.byteOffset,
      whole.value.bytes.byteLength,
    ),
    path,
    DEFAULT_PREFLIGHT_OPTIONS.limitInputPixels,
  )
  return broken === null
}

function endsWith(tail: Uint8Array, marker: readonly number[]): boolean {
  // JPEG and PNG writers sometimes pad the end with zeros.
  let end = tail.length
  while (end > 0 && tail[end - 1] === 0) end--
  if (end < marker.length) return false
  return marker.every((byte, i) => tail[end - marker.length + i] === byte)
}
