/** What a bitmap's header says, read from its first bytes without decoding any pixels. */
export interface BmpHeader {
  readonly width: number
  readonly height: number
  /** Bytes the pixel data needs when uncompressed; null for RLE and other compressions. */
  readonly expectedBytes: number | null
}

/** Needs the first 34 bytes (file header plus the start of the DIB header); null if malformed. */
export function readBmpHeader(head: Uint8Array): BmpHeader | null {
  if (head.length < 26) return null
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const dataOffset = view.getUint32(10, true)
  const dibSize = view.getUint32(14, true)
  let width: number
  let height: number
  let bpp: number
  let compression = 0
  if (dibSize === 12) {
    width = view.getUint16(18, true)
    height = Math.abs(view.getInt16(20, true))
    bpp = view.getUint16(24, true)
  } else {
    if (head.length < 34) return null
    width = view.getInt32(18, true)
    height = Math.abs(view.getInt32(22, true))
    bpp = view.getUint16(28, true)
    compression = view.getUint32(30, true)
  }
  if (width <= 0 || height <= 0 || bpp === 0) return null
  // 0 = BI_RGB, 3/6 = bitfields: rows are stored as they are, so the size is known.
  const uncompressed = compression === 0 || compression === 3 || compression === 6
  const stride = Math.ceil((width * bpp) / 32) * 4
  return { width, height, expectedBytes: uncompressed ? dataOffset + stride * height : null }
}
