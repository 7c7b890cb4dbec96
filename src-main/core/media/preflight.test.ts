import { createHash } from 'node:crypto'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import {
  animatedGif,
  noisePng,
  photoLikeJpeg,
  writeBrokenFiles,
} from '../../../tests/fixtures/images'
import { noteText } from '../../../src-shared/domain'
import type { Result } from '../../../src-shared/result'
import { GREEN_MAX_BYTES, GREEN_MAX_GIF_PIXELS } from './green-limits'
import { preflight, type PreflightOk, type PreflightOptions } from './preflight'

const noteOf = (ok: PreflightOk) => (ok.note === null ? null : noteText(ok.note))

const root = await mkdtemp(join(tmpdir(), 'gl-preflight-'))
afterAll(() => rm(root, { recursive: true, force: true }))

let n = 0
let tempDir = ''
let options: PreflightOptions = {}
beforeEach(async () => {
  tempDir = join(root, `tmp-${++n}`)
  options = { tempDir }
  await mkdir(join(root, 'in'), { recursive: true })
})

async function put(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(root, 'in', name)
  await writeFile(path, bytes)
  return path
}

function value(result: Result<PreflightOk>): PreflightOk {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex')
}

async function tempFiles(): Promise<string[]> {
  try {
    return await readdir(tempDir)
  } catch {
    return []
  }
}

function solidPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 200 } } })
    .png()
    .toBuffer()
}

describe('preflight: files that pass as they are', () => {
  it('passes a normal JPEG through unchanged: same path, no temp file, note null', async () => {
    const path = await put('photo.jpg', await photoLikeJpeg(800, 600, 1))
    const ok = value(await preflight(path, options))
    expect(ok).toMatchObject({
      path,
      originalPath: path,
      format: 'jpeg',
      sentFormat: 'jpeg',
      width: 800,
      height: 600,
      bytes: (await stat(path)).size,
      frames: 1,
      note: null,
      temporary: false,
    })
    expect(ok.interval).toBeUndefined()
    expect(ok.maxFrames).toBeUndefined()
    await ok.cleanup()
    expect(await tempFiles()).toEqual([])
    expect((await stat(path)).isFile()).toBe(true)
  })

  it('trusts content over the name: a PNG named .jpg is a PNG', async () => {
    const path = await put('really-a-png.jpg', await solidPng(50, 40))
    expect(value(await preflight(path, options))).toMatchObject({ format: 'png', path })
  })

  it('works with Chinese and emoji file names, passed through and re-encoded', async () => {
    const photo = await put('猫咪 照片 🐱.jpg', await photoLikeJpeg(320, 240, 2))
    expect(value(await preflight(photo, options))).toMatchObject({ path: photo, note: null })

    const wide = await put('全景 🌄 宽.png', await solidPng(30_001, 40))
    const resized = value(await preflight(wide, options))
    expect(resized.originalPath).toBe(wide)
    expect(resized.width).toBe(30_000)
    expect((await sharp(resized.path).metadata()).width).toBe(30_000)
    await resized.cleanup()

    const text = await put('笔记 📝.jpg', 'not an image')
    const bad = await preflight(text, options)
    expect(!bad.ok && bad.error).toMatchObject({ code: 'NOT_AN_IMAGE' })
    expect(!bad.ok && bad.error.message).toContain('笔记 📝.jpg')
  })
})

describe('preflight: bad inputs fail alone, with a reason', () => {
  it('fails a 0-byte file with FILE_EMPTY', async () => {
    const path = await put('empty.jpg', '')
    const r = await preflight(path, options)
    expect(!r.ok && r.error.code).toBe('FILE_EMPTY')
    expect(!r.ok && r.error.message).toMatch(/empty\.jpg.*0 bytes/)
  })

  it('fails a truncated JPEG with IMAGE_CORRUPT and says what to do', async () => {
    const broken = await writeBrokenFiles(join(root, 'broken'))
    for (const path of [broken.truncated, broken.corrupt]) {
      const r = await preflight(path, options)
      expect(!r.ok && r.error.code).toBe('IMAGE_CORRUPT')
      expect(!r.ok && r.error.message).toMatch(/copy or export it again/)
    }
  })

  it('fails a text file named .jpg with NOT_AN_IMAGE', async () => {
    const broken = await writeBrokenFiles(join(root, 'broken-text'))
    const r = await preflight(broken.text, options)
    expect(!r.ok && r.error).toMatchObject({ code: 'NOT_AN_IMAGE', retryable: false })
    expect(!r.ok && r.error.message).toMatch(/notes\.jpg is not an image/)
  })

  it('fails a cut-short GIF, which libvips would otherwise show without its last frames', async () => {
    const gif = await animatedGif(60, 40, 4)
    const path = await put('cut.gif', gif.subarray(0, Math.floor(gif.length * 0.7)))
    const r = await preflight(path, options)
    expect(!r.ok && r.error.code).toBe('IMAGE_CORRUPT')
  })

  it('fails a cut-short bitmap from its header alone', async () => {
    const raw = Buffer.alloc(20 * 10 * 3, 128)
    const header = Buffer.alloc(54)
    header.write('BM', 0, 'ascii')
    header.writeUInt32LE(54, 10)
    header.writeUInt32LE(40, 14)
    header.writeInt32LE(20, 18)
    header.writeInt32LE(10, 22)
    header.writeUInt16LE(1, 26)
    header.writeUInt16LE(24, 28)
    const whole = await put('whole.bmp', Buffer.concat([header, raw]))
    expect(value(await preflight(whole, options))).toMatchObject({
      format: 'bmp',
      width: 20,
      height: 10,
      note: null,
    })
    const cut = await put('cut.bmp', Buffer.concat([header, raw.subarray(0, 100)]))
    const r = await preflight(cut, options)
    expect(!r.ok && r.error.code).toBe('IMAGE_CORRUPT')
  })

  it('fails a file deleted after it was queued with FILE_NOT_FOUND', async () => {
    const path = await put('gone.jpg', await photoLikeJpeg(64, 48, 3))
    const queued = [path]
    await rm(path)
    const r = await preflight(queued[0]!, options)
    expect(!r.ok && r.error.code).toBe('FILE_NOT_FOUND')
    expect(!r.ok && r.error.message).toMatch(/gone\.jpg does not exist any more/)
  })

  it('fails a folder named like an image with NOT_A_FILE', async () => {
    const path = join(root, 'in', 'folder.jpg')
    await mkdir(path, { recursive: true })
    const r = await preflight(path, options)
    expect(!r.ok && r.error.code).toBe('NOT_A_FILE')
  })

  it.skipIf(process.getuid?.() === 0)(
    'fails an unreadable file with FILE_UNREADABLE (skipped as root, who can read anything)',
    async () => {
      const path = await put('locked.jpg', await photoLikeJpeg(64, 48, 4))
      await chmod(path, 0o000)
      try {
        const r = await preflight(path, options)
        expect(!r.ok && r.error.code).toBe('FILE_UNREADABLE')
        expect(!r.ok && r.error.message).toMatch(/permission denied/)
      } finally {
        await chmod(path, 0o644)
      }
    },
  )

  it('checks a mixed batch concurrently: each bad file fails alone, good ones pass', async () => {
    const broken = await writeBrokenFiles(join(root, 'batch'))
    const good = await put('good.jpg', await photoLikeJpeg(200, 150, 5))
    const paths = [good, broken.empty, broken.text, broken.truncated, join(root, 'nope.png')]
    const results = await Promise.all(paths.map((p) => preflight(p, options)))
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'FILE_EMPTY',
      'NOT_AN_IMAGE',
      'IMAGE_CORRUPT',
      'FILE_NOT_FOUND',
    ])
  })

  it('refuses an image over the pixel ceiling with IMAGE_TOO_LARGE', async () => {
    const path = await put('many-pixels.png', await solidPng(200, 100))
    const r = await preflight(path, { ...options, limitInputPixels: 10_000 })
    expect(!r.ok && r.error.code).toBe('IMAGE_TOO_LARGE')
    expect(!r.ok && r.error.message).toMatch(/Downscale it/)
  })

  it('returns an error for a path the OS rejects, without throwing', async () => {
    const r = await preflight('bad\0name.jpg', options)
    expect(!r.ok && r.error.code).toBe('FILE_UNREADABLE')
  })

  it('reports an unwritable temp folder as FILE_UNWRITABLE, not a crash', async () => {
    const path = await put('wide-2.png', await solidPng(30_001, 10))
    const blocker = await put('not-a-folder', 'x')
    const r = await preflight(path, { tempDir: join(blocker, 'tmp') })
    expect(!r.ok && r.error.code).toBe('FILE_UNWRITABLE')
  })
})

describe("preflight: over Green's limits, a temp copy is sent and the original kept", () => {
  it('re-encodes a 25 MB image as JPEG under 20 MB and leaves the original byte-identical', async () => {
    const path = await put('big.png', await noisePng(2900, 2900, 6))
    const before = await sha256(path)
    const bytes = (await stat(path)).size
    expect(bytes).toBeGreaterThan(GREEN_MAX_BYTES + 4 * 2 ** 20)

    const ok = value(await preflight(path, options))
    expect(ok.path).not.toBe(path)
    expect(ok.path.startsWith(tempDir)).toBe(true)
    expect(ok).toMatchObject({
      originalPath: path,
      format: 'png',
      sentFormat: 'jpeg',
      width: 2900,
      height: 2900,
      temporary: true,
      original: { width: 2900, height: 2900, bytes },
    })
    const sent = await stat(ok.path)
    expect(sent.size).toBe(ok.bytes)
    expect(sent.size).toBeLessThanOrEqual(GREEN_MAX_BYTES)
    expect((await sharp(ok.path).metadata()).format).toBe('jpeg')
    expect(noteOf(ok)).toMatch(
      /^re-encoded as JPEG \(2\d\.\d MB → \d+\.\d MB\) to fit Green's limits$/,
    )
    expect(await sha256(path)).toBe(before)
    expect(await tempFiles()).toHaveLength(1)

    await ok.cleanup()
    await ok.cleanup()
    expect(await tempFiles()).toEqual([])
    expect(await sha256(path)).toBe(before)
  })

  it('downscales a 30,001-px-wide image to 30,000 px', async () => {
    const path = await put('wide.png', await solidPng(30_001, 400))
    const before = await sha256(path)
    const ok = value(await preflight(path, options))
    expect(ok).toMatchObject({ width: 30_000, height: 400, temporary: true })
    const meta = await sharp(ok.path).metadata()
    expect([meta.width, meta.height]).toEqual([30_000, 400])
    expect(noteOf(ok)).toMatch(/^downscaled from 30001×400 to 30000×400 and re-encoded as JPEG/)
    expect(noteOf(ok)).toMatch(/to fit Green's limits$/)
    expect(await sha256(path)).toBe(before)
    await ok.cleanup()
  })

  it('turns an EXIF-rotated image upright before downscaling, since the copy drops the tag', async () => {
    const stored = await sharp({
      create: { width: 30_010, height: 300, channels: 3, background: { r: 0, g: 0, b: 255 } },
    })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    const path = await put('rotated.jpg', stored)
    const ok = value(
      await preflight(path, { ...options, frameHints: { interval: 1, maxFrames: 2 } }),
    )
    expect(ok.original).toMatchObject({ width: 300, height: 30_010 })
    expect(ok).toMatchObject({ width: 300, height: 30_000, interval: 1, maxFrames: 2 })
    const meta = await sharp(ok.path).metadata()
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([300, 30_000, 1])
    await ok.cleanup()
  })

  it('keeps the aspect ratio when a side is far over the limit', async () => {
    const path = await put('strip.png', await solidPng(600, 40_000))
    const ok = value(await preflight(path, options))
    const meta = await sharp(ok.path).metadata()
    expect([meta.width, meta.height]).toEqual([450, 30_000])
    expect(ok.width / ok.height).toBeCloseTo(600 / 40_000, 4)
    await ok.cleanup()
  })

  it('reduces an animated GIF over 4,194,304 px and keeps every frame', async () => {
    const path = await put('anim-big.gif', await animatedGif(2100, 2100, 3))
    const before = await sha256(path)
    const ok = value(
      await preflight(path, { ...options, frameHints: { interval: 1, maxFrames: 3 } }),
    )
    expect(ok.sentFormat).toBe('gif')
    expect(ok.width * ok.height).toBeLessThanOrEqual(GREEN_MAX_GIF_PIXELS)
    expect(ok.width).toBe(ok.height)
    expect(ok.width).toBeGreaterThan(2000)
    const meta = await sharp(ok.path).metadata()
    expect(meta.pages).toBe(3)
    expect([meta.width, meta.height]).toEqual([ok.width, ok.height])
    expect(ok.frames).toBe(3)
    expect(noteOf(ok)).toMatch(/^downscaled from 2100×2100 to \d+×\d+ \(all 3 frames kept\)/)
    expect(ok).toMatchObject({ interval: 1, maxFrames: 3 })
    expect(await sha256(path)).toBe(before)
    await ok.cleanup()
  })

  it('sends only the first frame of an animation too big to resize in memory, and says so', async () => {
    const path = await put('anim-huge.gif', await animatedGif(2100, 2100, 3))
    const ok = value(await preflight(path, { ...options, maxAnimationPixels: 10_000_000 }))
    expect(ok).toMatchObject({ sentFormat: 'png', frames: 1, width: 2100, height: 2100 })
    expect((await sharp(ok.path).metadata()).pages ?? 1).toBe(1)
    expect(noteOf(ok)).toMatch(/kept only the first of its 3 frames/)
    expect(ok.interval).toBeUndefined()
    await ok.cleanup()
  })

  it('turns a still GIF over the GIF pixel cap into a PNG with every pixel', async () => {
    const path = await put('still-big.gif', await animatedGif(2100, 2100, 1))
    const ok = value(await preflight(path, options))
    expect(ok).toMatchObject({ sentFormat: 'png', width: 2100, height: 2100, frames: 1 })
    expect(noteOf(ok)).toMatch(/^re-encoded as PNG/)
    await ok.cleanup()
  })

  it('converts formats Green does not accept (TIFF, AVIF) to JPEG', async () => {
    const tiff = await sharp({
      create: { width: 120, height: 80, channels: 3, background: { r: 200, g: 10, b: 10 } },
    })
      .tiff()
      .toBuffer()
    const path = await put('scan.tif', tiff)
    const ok = value(await preflight(path, options))
    expect(ok).toMatchObject({ format: 'tiff', sentFormat: 'jpeg', width: 120, height: 80 })
    expect(noteOf(ok)).toMatch(/^re-encoded as JPEG .* because Green does not accept TIFF$/)
    await ok.cleanup()
    const avif = await put('photo.avif', await sharp(tiff).avif({ effort: 0 }).toBuffer())
    const fromAvif = value(await preflight(avif, options))
    expect(fromAvif).toMatchObject({ format: 'avif', sentFormat: 'jpeg', width: 120, height: 80 })
    expect(noteOf(fromAvif)).toMatch(/because Green does not accept AVIF$/)
    await fromAvif.cleanup()
  })

  it('re-encodes a bitmap over 20 MB through our own BMP reader', async () => {
    const width = 2600
    const height = 2700
    const stride = Math.ceil((width * 3) / 4) * 4
    const bmp = Buffer.alloc(54 + stride * height)
    bmp.write('BM', 0, 'ascii')
    bmp.writeUInt32LE(bmp.length, 2)
    bmp.writeUInt32LE(54, 10)
    bmp.writeUInt32LE(40, 14)
    bmp.writeInt32LE(width, 18)
    bmp.writeInt32LE(height, 22)
    bmp.writeUInt16LE(1, 26)
    bmp.writeUInt16LE(24, 28)
    for (let i = 54; i < bmp.length; i++) bmp[i] = (i * 7) & 0xff
    const path = await put('scan.bmp', bmp)
    const ok = value(await preflight(path, options))
    expect(ok).toMatchObject({ format: 'bmp', sentFormat: 'jpeg', width, height })
    expect(ok.bytes).toBeLessThanOrEqual(GREEN_MAX_BYTES)
    expect(noteOf(ok)).toMatch(/^re-encoded as JPEG \(20\.\d MB → /)
    await ok.cleanup()
  })
})

describe('preflight: frame hints for Green', () => {
  const frameHints = { interval: 2, maxFrames: 5 }

  it('gives interval/maxFrames to an animated GIF and to long images, from the settings', async () => {
    const anim = await put('anim.gif', await animatedGif(80, 60, 6))
    expect(value(await preflight(anim, { ...options, frameHints }))).toMatchObject({
      format: 'gif',
      frames: 6,
      interval: 2,
      maxFrames: 5,
      note: null,
    })
    const tall = await put('tall.png', await solidPng(300, 1200))
    expect(value(await preflight(tall, { ...options, frameHints }))).toMatchObject(frameHints)
    const wide = await put('wide-long.png', await solidPng(1500, 500))
    expect(value(await preflight(wide, { ...options, frameHints }))).toMatchObject(frameHints)
  })

  it('gives none to ordinary images, short strips, still GIFs, or without settings', async () => {
    const cases = [
      await put('plain.jpg', await photoLikeJpeg(640, 480, 8)),
      await put('short-strip.png', await solidPng(100, 390)), // ratio 3.9 but not > 400 px
      await put('squarish.png', await solidPng(500, 1200)), // > 400 px but ratio 2.4
      await put('still.gif', await animatedGif(80, 60, 1)),
    ]
    for (const path of cases) {
      const ok = value(await preflight(path, { ...options, frameHints }))
      expect([ok.interval, ok.maxFrames]).toEqual([undefined, undefined])
    }
    const anim = await put('anim-2.gif', await animatedGif(80, 60, 3))
    expect(value(await preflight(anim, options)).interval).toBeUndefined()
  })
})
