/** A bitmap's header fields, as the file states them (heights may be negative: top-down rows). */
export interface BmpHeaderFields {
  readonly dataOffset: number
  readonly dibSize: number
  readonly width: number
  readonly rawHeight: number
  readonly bpp: number
  /** 0 = BI_RGB, 1/2 = RLE, 3/6 = bitfields. */
  readonly compression: number
  /** Palette entries the header declares (0 = the full 2^bpp). */
  readonly paletteCount: number
  /** Bytes per palette entry: 3 for the old OS/2 core header, else 4. */
  readonly paletteEntry: number
}

/**
 * The one reader of the header, for both the decoder (bmp.ts) and pre-flight's size check.
 * Needs 26 bytes for an OS/2 core header, 54 for the others; null when cut shorter.
 */
export function parseBmpHeader(head: Uint8Array): BmpHeaderFields | null {
  if (head.length < 26) return null
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const dataOffset = view.getUint32(10, true)
  const dibSize = view.getUint32(14, true)
  if (dibSize === 12) {
    return {
      dataOffset,
      dibSize,
      width: view.getUint16(18, true),
      rawHeight: view.getInt16(20, true),
      bpp: view.getUint16(24, true),
      compression: 0,
      paletteCount: 0,
      paletteEntry: 3,
    }
  }
  if (head.length < 14 + 40) return null
  return {
    dataOffset,
    dibSize,
    width: view.getInt32(18, true),
    rawHeight: view.getInt32(22, true),
    bpp: view.getUint16(28, true),
    compression: view.getUint32(30, true),
    paletteCount: view.getUint32(46, true),
    paletteEntry: 4,
  }
}

/** What a bitmap's header says, read from its first bytes without decoding any pixels. */
export interface BmpHeader {
  readonly width: number
  readonly height: number
  /** Bytes the pixel data needs when uncompressed; null for RLE and other compressions. */
  readonly expectedBytes: number | null
}

/** Needs the first 54 bytes (file header plus the DIB header); null if malformed. */
export function readBmpHeader(head: Uint8Array): BmpHeader | null {
  const fields = parseBmpHeader(head)
  if (fields === null) return null
  const { width, bpp, compression, dataOffset } = fields
  const height = Math.abs(fields.rawHeight)
  if (width <= 0 || height <= 0 || bpp === 0) return null
  // 0 = BI_RGB, 3/6 = bitfields: rows are stored as they are, so the size is known.
  const uncompressed = compression === 0 || compression === 3 || compression === 6
  const stride = Math.ceil((width * bpp) / 32) * 4
  return { width, height, expectedBytes: uncompressed ? dataOffset + stride * height : null }
}
