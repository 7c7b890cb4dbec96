import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { ensureThumbnail, thumbnailPath, THUMB_SIZE } from './thumbnail'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-thumb-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const SHA = 'ab'.repeat(32)
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('ensureThumbnail', () => {
  it('writes a small square WebP named by the hash, once', async () => {
    const photo = join(dir, '海边 🌊.jpg')
    const bytes = await photoLikeJpeg(1024, 768, 5)
    writeFileSync(photo, bytes)
    const thumbs = join(dir, 'thumbs')
    expect(await ensureThumbnail(photo, sha(bytes), thumbs)).toBe(true)
    const meta = await sharp(thumbnailPath(thumbs, sha(bytes))).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', THUMB_SIZE, THUMB_SIZE])
    const written = statSync(thumbnailPath(thumbs, sha(bytes))).mtimeMs
    expect(await ensureThumbnail(photo, sha(bytes), thumbs)).toBe(true)
    expect(statSync(thumbnailPath(thumbs, sha(bytes))).mtimeMs).toBe(written)
  })

  it('makes no thumbnail under a hash the file no longer has (swapped after hashing)', async () => {
    const photo = join(dir, 'swapped.jpg')
    const before = await photoLikeJpeg(200, 150, 1)
    writeFileSync(photo, await photoLikeJpeg(200, 150, 2))
    const thumbs = join(dir, 'thumbs')
    expect(await ensureThumbnail(photo, sha(before), thumbs)).toBe(false)
    expect(readdirSync(thumbs)).toEqual([])
  })

  it('reads bitmaps, which sharp cannot', async () => {
    const raw = await sharp(await photoLikeJpeg(64, 48, 6))
      .raw()
      .toBuffer()
    // A minimal 24-bit BMP: bottom-up BGR rows padded to 4 bytes.
    const rowBytes = Math.ceil((64 * 3) / 4) * 4
    const pixels = Buffer.alloc(rowBytes * 48)
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const src = (y * 64 + x) * 3
        const dst = (47 - y) * rowBytes + x * 3
        pixels[dst] = raw[src + 2]!
        pixels[dst + 1] = raw[src + 1]!
        pixels[dst + 2] = raw[src]!
      }
    }
    const header = Buffer.alloc(54)
    header.write('BM', 0)
    header.writeUInt32LE(54 + pixels.length, 2)
    header.writeUInt32LE(54, 10)
    header.writeUInt32LE(40, 14)
    header.writeInt32LE(64, 18)
    header.writeInt32LE(48, 22)
    header.writeUInt16LE(1, 26)
    header.writeUInt16LE(24, 28)
    header.writeUInt32LE(pixels.length, 34)
    const bmp = join(dir, 'scan.bmp')
    const file = Buffer.concat([header, pixels])
    writeFileSync(bmp, file)
    expect(await ensureThumbnail(bmp, sha(file), join(dir, 'thumbs'))).toBe(true)
  })

  it('gives up quietly on a file that is not an image, leaving no partial file', async () => {
    const text = join(dir, 'notes.jpg')
    writeFileSync(text, 'not an image')
    const thumbs = join(dir, 'thumbs')
    expect(await ensureThumbnail(text, sha(Buffer.from('not an image')), thumbs)).toBe(false)
    expect(await ensureThumbnail(join(dir, 'missing.jpg'), SHA, thumbs)).toBe(false)
    expect(readdirSync(thumbs)).toEqual([])
  })
})
