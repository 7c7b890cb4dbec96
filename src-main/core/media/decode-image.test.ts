import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg, writeBrokenFiles } from '../../../tests/fixtures/images'
import { preflight } from './preflight'
import {
  DEFAULT_DECODE_OPTIONS,
  decodeImage,
  sampleFrames,
  type DecodedImage,
} from './decode-image'

const dir = await mkdtemp(join(tmpdir(), 'gl-decode-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

async function decoded(path: string, options = DEFAULT_DECODE_OPTIONS): Promise<DecodedImage> {
  const result = await decodeImage({ kind: 'file', path }, options)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

function rgbAt(img: { data: Uint8Array; width: number }, x: number, y: number, channels: number) {
  const o = (y * img.width + x) * channels
  return [img.data[o], img.data[o + 1], img.data[o + 2]]
}

function meanRgb(rgb: Uint8Array): number[] {
  const sum = [0, 0, 0]
  for (let i = 0; i < rgb.length; i++) sum[i % 3]! += rgb[i]!
  return sum.map((s) => s / (rgb.length / 3))
}

function solid(width: number, height: number, rgb: [number, number, number]) {
  return sharp({
    create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  })
}

/** A hand-built bitmap, bottom-up like most real ones. */
function bmp24(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
) {
  const stride = Math.ceil((width * 3) / 4) * 4
  const buf = Buffer.alloc(54 + stride * height)
  buf.write('BM', 0, 'ascii')
  buf.writeUInt32LE(buf.length, 2)
  buf.writeUInt32LE(54, 10)
  buf.writeUInt32LE(40, 14)
  buf.writeInt32LE(width, 18)
  buf.writeInt32LE(height, 22)
  buf.writeUInt16LE(1, 26)
  buf.writeUInt16LE(24, 28)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y)
      const o = 54 + (height - 1 - y) * stride + x * 3
      buf[o] = b
      buf[o + 1] = g
      buf[o + 2] = r
    }
  }
  return buf
}

function bmp8Gray(width: number, height: number, value: (x: number, y: number) => number) {
  const stride = Math.ceil(width / 4) * 4
  const offset = 54 + 256 * 4
  const buf = Buffer.alloc(offset + stride * height)
  buf.write('BM', 0, 'ascii')
  buf.writeUInt32LE(offset, 10)
  buf.writeUInt32LE(40, 14)
  buf.writeInt32LE(width, 18)
  buf.writeInt32LE(-height, 22) // top-down
  buf.writeUInt16LE(1, 26)
  buf.writeUInt16LE(8, 28)
  for (let i = 0; i < 256; i++) buf.fill(i, 54 + i * 4, 54 + i * 4 + 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) buf[offset + y * stride + x] = value(x, y)
  return buf
}

describe('decodeImage', () => {
  it('gives a square RGB for the classifier and a full-size RGBA for the QR reader', async () => {
    const path = join(dir, 'photo.jpg')
    await writeFile(path, await photoLikeJpeg(1024, 768, 1))
    const img = await decoded(path)
    expect(img).toMatchObject({ format: 'jpeg', width: 1024, height: 768, pageCount: 1 })
    expect(img.frames).toHaveLength(1)
    expect(img.frames[0]!.classifierRgb).toHaveLength(224 * 224 * 3)
    expect(img.frames[0]!.qrRgba).toMatchObject({ width: 1024, height: 768 })
    expect(img.frames[0]!.qrRgba!.data).toHaveLength(1024 * 768 * 4)
  })

  it('applies EXIF orientation', async () => {
    // Left half red, right half blue, stored sideways with orientation 6 (display: 90° clockwise).
    const raw = Buffer.alloc(200 * 100 * 3)
    for (let i = 0; i < 200 * 100; i++) raw.set(i % 200 < 100 ? [255, 0, 0] : [0, 0, 255], i * 3)
    const path = join(dir, 'rotated.jpg')
    await writeFile(
      path,
      await sharp(raw, { raw: { width: 200, height: 100, channels: 3 } })
        .withMetadata({ orientation: 6 })
        .jpeg()
        .toBuffer(),
    )
    const img = await decoded(path)
    expect([img.width, img.height]).toEqual([100, 200])
    const qr = img.frames[0]!.qrRgba!
    expect([qr.width, qr.height]).toEqual([100, 200])
    const top = rgbAt(qr, 50, 20, 4)
    const bottom = rgbAt(qr, 50, 180, 4)
    expect(top[0]).toBeGreaterThan(200) // red on top after rotating
    expect(bottom[2]).toBeGreaterThan(200)
  })

  it('converts CMYK JPEGs to sRGB', async () => {
    const path = join(dir, 'cmyk.jpg')
    await writeFile(
      path,
      await solid(64, 48, [20, 40, 220]).toColourspace('cmyk').jpeg().toBuffer(),
    )
    expect((await sharp(path).metadata()).space).toBe('cmyk')
    const [r, g, b] = meanRgb((await decoded(path)).frames[0]!.classifierRgb!)
    // Blue survives (CMYK's gamut dulls it); read as raw C,M,Y it would come out red-yellow.
    expect(b!).toBeGreaterThan(r! + 60)
    expect(b!).toBeGreaterThan(g! + 50)
  })

  it('reduces 16-bit PNGs to 8 bits per channel', async () => {
    const path = join(dir, 'deep.png')
    await writeFile(
      path,
      await solid(32, 32, [255, 128, 0]).toColourspace('rgb16').png().toBuffer(),
    )
    expect((await sharp(path).metadata()).depth).toBe('ushort')
    const img = await decoded(path)
    expect(img.frames[0]!.classifierRgb).toHaveLength(224 * 224 * 3)
    const [r, g, b] = meanRgb(img.frames[0]!.classifierRgb!)
    expect(r).toBeCloseTo(255, -1)
    expect(g).toBeCloseTo(128, -1)
    expect(b).toBeCloseTo(0, -1)
  })

  it('expands greyscale and flattens transparency onto white', async () => {
    const grey = join(dir, 'grey.png')
    await writeFile(grey, await solid(20, 20, [90, 90, 90]).greyscale().png().toBuffer())
    expect(meanRgb((await decoded(grey)).frames[0]!.classifierRgb!)).toEqual([90, 90, 90])
    const clear = join(dir, 'clear.png')
    await writeFile(
      clear,
      await sharp({
        create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .png()
        .toBuffer(),
    )
    expect(meanRgb((await decoded(clear)).frames[0]!.classifierRgb!)).toEqual([255, 255, 255])
  })

  it('samples frames of animated GIFs and WebPs', async () => {
    const colours: [number, number, number][] = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 0],
      [0, 255, 255],
    ]
    const frame = 40 * 30 * 3
    const raw = Buffer.alloc(frame * colours.length)
    colours.forEach((c, f) => {
      for (let i = 0; i < 40 * 30; i++) raw.set(c, f * frame + i * 3)
    })
    const path = join(dir, 'anim.gif')
    await writeFile(
      path,
      await sharp(raw, {
        raw: { width: 40, height: 30 * colours.length, channels: 3, pageHeight: 30 },
      })
        .gif({ delay: 100 })
        .toBuffer(),
    )
    const img = await decoded(path)
    expect(img.pageCount).toBe(5)
    expect([img.width, img.height]).toEqual([40, 30])
    expect(img.frames.map((f) => f.index)).toEqual([0, 2, 4])
    const means = img.frames.map((f) => meanRgb(f.classifierRgb!).map((v) => Math.round(v / 255)))
    expect(means).toEqual([
      colours[0]!.map((v) => v / 255),
      colours[2]!.map((v) => v / 255),
      colours[4]!.map((v) => v / 255),
    ])
    const webp = join(dir, 'anim.webp')
    await writeFile(
      webp,
      await sharp(raw, {
        raw: { width: 40, height: 30 * colours.length, channels: 3, pageHeight: 30 },
      })
        .webp({ lossless: true, delay: 100 })
        .toBuffer(),
    )
    const animated = await decoded(webp)
    expect(animated).toMatchObject({ format: 'webp', pageCount: 5, width: 40, height: 30 })
    expect(
      animated.frames.map((f) => meanRgb(f.classifierRgb!).map((v) => Math.round(v / 255))),
    ).toEqual(means)
    const single = await decoded(path, { ...DEFAULT_DECODE_OPTIONS, maxFrames: 1 })
    expect(single.frames.map((f) => f.index)).toEqual([0])
  })

  it('reads 24-bit and 8-bit palette bitmaps', async () => {
    const path24 = join(dir, 'pic.bmp')
    await writeFile(
      path24,
      bmp24(30, 20, (x) => (x < 15 ? [250, 10, 10] : [10, 10, 250])),
    )
    const img = await decoded(path24)
    expect(img).toMatchObject({ format: 'bmp', width: 30, height: 20 })
    expect(rgbAt(img.frames[0]!.qrRgba!, 2, 10, 4)).toEqual([250, 10, 10])
    expect(rgbAt(img.frames[0]!.qrRgba!, 28, 10, 4)).toEqual([10, 10, 250])
    const path8 = join(dir, 'grey.bmp')
    await writeFile(
      path8,
      bmp8Gray(10, 10, (_x, y) => (y < 5 ? 30 : 200)),
    )
    const grey = (await decoded(path8)).frames[0]!.qrRgba!
    expect(rgbAt(grey, 5, 1, 4)).toEqual([30, 30, 30])
    expect(rgbAt(grey, 5, 8, 4)).toEqual([200, 200, 200])
  })

  it('decodes a very large image into bounded buffers', async () => {
    const path = join(dir, 'huge.jpg')
    await writeFile(path, await solid(8000, 6000, [10, 200, 10]).jpeg().toBuffer())
    const img = await decoded(path)
    expect([img.width, img.height]).toEqual([8000, 6000])
    expect(img.frames[0]!.qrRgba).toMatchObject({ width: 2048, height: 1536 })
  })

  it('fails cleanly, per item, on broken inputs', async () => {
    const broken = await writeBrokenFiles(join(dir, 'broken'))
    const code = async (path: string, options = DEFAULT_DECODE_OPTIONS) => {
      const r = await decodeImage({ kind: 'file', path }, options)
      return r.ok ? 'ok' : r.error.code
    }
    expect(await code(broken.empty)).toBe('FILE_EMPTY')
    expect(await code(broken.text)).toBe('NOT_AN_IMAGE')
    expect(await code(broken.corrupt)).toBe('IMAGE_CORRUPT')
    expect(await code(broken.truncated)).toBe('IMAGE_CORRUPT')
    expect(await code(join(dir, 'nope.jpg'))).toBe('FILE_NOT_FOUND')
    await mkdir(join(dir, 'folder.jpg'))
    expect(await code(join(dir, 'folder.jpg'))).toBe('NOT_A_FILE')
    const big = join(dir, 'big.png')
    await writeFile(big, await solid(1200, 1000, [1, 2, 3]).png().toBuffer())
    expect(await code(big, { ...DEFAULT_DECODE_OPTIONS, limitInputPixels: 1_000_000 })).toBe(
      'IMAGE_TOO_LARGE',
    )
    const r = await decodeImage({ kind: 'file', path: broken.text })
    expect(!r.ok && r.error.message).toMatch(/notes\.jpg/)
  })

  it("words every broken file exactly as Green's pre-flight does", async () => {
    const broken = await writeBrokenFiles(join(dir, 'broken-words'))
    await mkdir(join(dir, 'broken-words', 'folder.png'))
    // A 54-byte bitmap header claiming 50,000 × 50,000 pixels, with no pixels after it.
    const bmpBomb = Buffer.alloc(54)
    bmpBomb.write('BM', 0, 'latin1')
    for (const [offset, value] of [
      [10, 54],
      [14, 40],
      [18, 50_000],
      [22, 50_000],
    ] as const)
      bmpBomb.writeUInt32LE(value, offset)
    bmpBomb.writeUInt16LE(1, 26)
    bmpBomb.writeUInt16LE(24, 28)
    await writeFile(join(dir, 'broken-words', 'bomb.bmp'), bmpBomb)
    for (const path of [
      broken.empty,
      broken.text,
      broken.corrupt,
      broken.truncated,
      join(dir, 'broken-words', 'gone.jpg'),
      join(dir, 'broken-words', 'folder.png'),
      join(dir, 'broken-words', 'bomb.bmp'),
    ]) {
      const local = await decodeImage({ kind: 'file', path })
      const green = await preflight(path, { tempDir: join(dir, 'tmp') })
      expect(local.ok ? null : local.error, path).toEqual(green.ok ? null : green.error)
    }
  })

  it('decodes in-memory bytes too', async () => {
    const bytes = await photoLikeJpeg(64, 48, 3)
    const r = await decodeImage({ kind: 'bytes', bytes, name: 'upload' })
    expect(r.ok && r.value.width).toBe(64)
    const bad = await decodeImage({ kind: 'bytes', bytes: new Uint8Array(0), name: 'nothing' })
    expect(!bad.ok && bad.error.code).toBe('FILE_EMPTY')
  })
})

describe('sampleFrames', () => {
  it('spreads frames evenly, or steps by interval', () => {
    expect(sampleFrames(1, 5)).toEqual([0])
    expect(sampleFrames(10, 3)).toEqual([0, 5, 9])
    expect(sampleFrames(10, 3, 4)).toEqual([0, 4, 8])
    expect(sampleFrames(3, 10)).toEqual([0, 1, 2])
  })
})
