import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import {
  prepareZXingModule,
  readBarcodes,
  type ReaderOptions,
  type ReadResult,
} from 'zxing-wasm/reader'
import type { RgbaImage } from '../../media/decode-image'
import type { QrHit } from './verdicts'

export interface QrReader {
  /** Every QR code in the image, boxes scaled by `scale` back to the displayed image. */
  read(image: RgbaImage, scale: number): Promise<QrHit[]>
}

/**
 * QR codes are square, so rotation needs no extra passes (tryRotate only helps 1D codes); inverted
 * (light-on-dark) codes are common on posters and cost one more pass; tryHarder finds small,
 * tilted codes in busy photos. maxNumberOfSymbols 0 lifts the cap: we report every code.
 */
const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode', 'MicroQRCode', 'rMQRCode'],
  tryHarder: true,
  tryRotate: false,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 0,
}

// zxing-wasm takes anything ImageData-shaped (RGBA, converted to grey inside); Node has no
// ImageData class, so its declared parameter type does not resolve here.
const readPixels = readBarcodes as (
  image: { data: Uint8ClampedArray; width: number; height: number },
  options: ReaderOptions,
) => Promise<ReadResult[]>

/** Loads zxing-wasm's reader from the npm package on disk; without `wasmBinary` it would use a CDN. */
export async function loadQrReader(): Promise<QrReader> {
  const require = createRequire(import.meta.url)
  const bytes = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true })
  return {
    async read(image, scale) {
      const results = await readPixels(
        {
          data: new Uint8ClampedArray(
            image.data.buffer,
            image.data.byteOffset,
            image.data.byteLength,
          ),
          width: image.width,
          height: image.height,
        },
        READER_OPTIONS,
      )
      return results
        .filter((r) => r.isValid)
        .map((r) => {
          const { topLeft, topRight, bottomLeft, bottomRight } = r.position
          const xs = [topLeft.x, topRight.x, bottomLeft.x, bottomRight.x]
          const ys = [topLeft.y, topRight.y, bottomLeft.y, bottomRight.y]
          const x = Math.min(...xs)
          const y = Math.min(...ys)
          return {
            text: r.text,
            x: Math.round(x * scale),
            y: Math.round(y * scale),
            w: Math.round((Math.max(...xs) - x) * scale),
            h: Math.round((Math.max(...ys) - y) * scale),
          }
        })
    },
  }
}
