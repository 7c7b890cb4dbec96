import { appError, type AppError } from '../../../src-shared/result'
import { parseBmpHeader } from './bmp-header'

/**
 * A small reader for uncompressed Windows bitmaps (1/4/8-bit palettes, 16/24/32-bit, bitfields).
 * sharp's libvips has no BMP loader, and folder scans pick up `.bmp` files, so without this they
 * would all fail. RLE-compressed bitmaps are rare and are reported as unsupported.
 */
export interface RawRgb {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export class BmpError extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'unsupported' | 'too-large',
  ) {
    super(message)
  }

  /** The per-item error for the file `name`. */
  toAppError(name: string): AppError {
    const code =
      this.kind === 'too-large'
        ? 'IMAGE_TOO_LARGE'
        : this.kind === 'unsupported'
          ? 'UNSUPPORTED_INPUT'
          : 'IMAGE_CORRUPT'
    return appError(code, `${name}: ${this.message}`, false, { name, detail: this.message })
  }
}

function maskShift(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 }
  let shift = 0
  while (((mask >>> shift) & 1) === 0) shift++
  return { shift, max: mask >>> shift }
}

export function decodeBmp(buf: Uint8Array, maxPixels: number): RawRgb {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const header = parseBmpHeader(buf)
  if (header === null) throw new BmpError('The bitmap header is cut short.', 'corrupt')
  const { dataOffset, dibSize, width, rawHeight, bpp, compression, paletteCount, paletteEntry } =
    header
  const topDown = rawHeight < 0
  const height = Math.abs(rawHeight)
  if (width <= 0 || height <= 0) throw new BmpError('The bitmap has no pixels.', 'corrupt')
  if (width * height > maxPixels) {
    throw new BmpError(`The bitmap is ${width}×${height} pixels, over the limit.`, 'too-large')
  }
  let masks: [number, number, number] | null = null
  if (compression === 3 || compression === 6) {
    // Masks follow a 40-byte header, or sit inside a V4/V5 header at the same offset.
    if (buf.length < 14 + 40 + 12) throw new BmpError('The bitmap masks are cut short.', 'corrupt')
    masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)]
  } else if (compression !== 0) {
    throw new BmpError('Compressed (RLE) bitmaps are not supported; save it as PNG.', 'unsupported')
  }
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) {
    throw new BmpError(`${bpp}-bit bitmaps are not supported; save it as PNG.`, 'unsupported')
  }
  if (bpp === 16 && !masks) masks = [0x7c00, 0x03e0, 0x001f]
  if (bpp === 32 && !masks) masks = [0xff0000, 0x00ff00, 0x0000ff]

  let palette: Uint8Array | null = null
  if (bpp <= 8) {
    const count = paletteCount === 0 ? 1 << bpp : Math.min(paletteCount, 1 << bpp)
    const start = 14 + dibSize
    if (start + count * paletteEntry > buf.length) {
      throw new BmpError('The bitmap palette is cut short.', 'corrupt')
    }
    palette = new Uint8Array(count * 3)
    for (let i = 0; i < count; i++) {
      const at = start + i * paletteEntry
      palette[i * 3] = buf[at + 2] ?? 0
      palette[i * 3 + 1] = buf[at + 1] ?? 0
      palette[i * 3 + 2] = buf[at] ?? 0
    }
  }

  const stride = Math.ceil((width * bpp) / 32) * 4
  if (dataOffset + stride * height > buf.length) {
    throw new BmpError('The bitmap pixel data is cut short.', 'corrupt')
  }
  const out = new Uint8Array(width * height * 3)
  const channels = masks?.map(maskShift)
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3
      if (palette) {
        const bitPos = x * bpp
        const byte = buf[row + (bitPos >> 3)] ?? 0
        const index = (byte >> (8 - bpp - (bitPos & 7))) & ((1 << bpp) - 1)
        const p = Math.min(index, palette.length / 3 - 1) * 3
        out[o] = palette[p] ?? 0
        out[o + 1] = palette[p + 1] ?? 0
        out[o + 2] = palette[p + 2] ?? 0
      } else if (bpp === 24) {
        const p = row + x * 3
        out[o] = buf[p + 2] ?? 0
        out[o + 1] = buf[p + 1] ?? 0
        out[o + 2] = buf[p] ?? 0
      } else if (channels && masks) {
        const value =
          bpp === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true)
        for (let c = 0; c < 3; c++) {
          const { shift, max } = channels[c] ?? { shift: 0, max: 0 }
          const mask = masks[c] ?? 0
          out[o + c] = max === 0 ? 0 : Math.round((((value & mask) >>> shift) * 255) / max)
        }
      }
    }
  }
  return { data: out, width, height }
}
