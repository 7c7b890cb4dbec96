import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { animatedGif, noisePng } from '../../../tests/fixtures/images'
import { reencodeImage } from './reencode-image'

const root = await mkdtemp(join(tmpdir(), 'gl-reencode-'))
afterAll(() => rm(root, { recursive: true, force: true }))
let tempDir = ''
let n = 0
beforeEach(async () => {
  tempDir = join(root, `tmp-${++n}`)
  await mkdir(tempDir, { recursive: true })
})

const noise = join(root, 'noise.png')
await writeFile(noise, await noisePng(500, 400, 11))
const source = { kind: 'file', path: noise, limitInputPixels: 1e9 } as const
const size = { width: 500, height: 400 }

describe('reencodeImage', () => {
  it('walks down the JPEG quality steps and stops at the first that fits', async () => {
    const sizes = new Map<number, number>()
    for (const q of [90, 80, 70, 60, 50, 40]) {
      sizes.set(q, (await sharp(noise).jpeg({ quality: q }).toBuffer()).length)
    }
    const maxBytes = Math.floor(((sizes.get(70) ?? 0) + (sizes.get(60) ?? 0)) / 2)
    const out = await reencodeImage({
      source,
      target: size,
      sourceSize: size,
      output: 'jpeg',
      tempDir,
      maxBytes,
    })
    expect(out).toMatchObject({ format: 'jpeg', quality: 60, width: 500, height: 400 })
    expect(out.bytes).toBeLessThanOrEqual(maxBytes)
    expect((await stat(out.path)).size).toBe(out.bytes)
    expect(await readdir(tempDir)).toHaveLength(1)
  })

  it('shrinks the picture when even the lowest quality is too big', async () => {
    const q40 = (await sharp(noise).jpeg({ quality: 40 }).toBuffer()).length
    const maxBytes = Math.floor(q40 / 3)
    const out = await reencodeImage({
      source,
      target: size,
      sourceSize: size,
      output: 'jpeg',
      tempDir,
      maxBytes,
    })
    expect(out.bytes).toBeLessThanOrEqual(maxBytes)
    expect(out.width).toBeLessThan(500)
    expect(out.width / out.height).toBeCloseTo(500 / 400, 1)
    expect(await readdir(tempDir)).toHaveLength(1)
  })

  it('falls back from a too-big PNG to JPEG at full size', async () => {
    const png = (await sharp(noise).png().toBuffer()).length
    const out = await reencodeImage({
      source,
      target: size,
      sourceSize: size,
      output: 'png',
      tempDir,
      maxBytes: Math.floor(png / 2),
    })
    expect(out).toMatchObject({ format: 'jpeg', width: 500, height: 400 })
    expect(await readdir(tempDir)).toEqual([out.path.slice(tempDir.length + 1)])
  })

  it('shrinks a too-big animated GIF and keeps its frames', async () => {
    const gifPath = join(root, 'anim.gif')
    await writeFile(gifPath, await animatedGif(400, 300, 4))
    const gifSize = { width: 400, height: 300 }
    const whole = await reencodeImage({
      source: { kind: 'file', path: gifPath, limitInputPixels: 1e9 },
      target: gifSize,
      sourceSize: gifSize,
      output: 'gif',
      tempDir,
    })
    expect(whole).toMatchObject({ format: 'gif', frames: 4, width: 400, height: 300 })
    const out = await reencodeImage({
      source: { kind: 'file', path: gifPath, limitInputPixels: 1e9 },
      target: gifSize,
      sourceSize: gifSize,
      output: 'gif',
      tempDir,
      maxBytes: Math.floor(whole.bytes * 0.6),
    })
    expect(out.format).toBe('gif')
    expect(out.frames).toBe(4)
    expect(out.width).toBeLessThan(400)
    expect(out.bytes).toBeLessThanOrEqual(Math.floor(whole.bytes * 0.6))
    expect((await sharp(out.path).metadata()).pages).toBe(4)
  })

  it('throws and leaves no temp file when the source cannot be decoded', async () => {
    const bad = join(root, 'bad.png')
    await writeFile(bad, (await sharp(noise).png().toBuffer()).subarray(0, 5000))
    await expect(
      reencodeImage({
        source: { ...source, path: bad },
        target: size,
        sourceSize: size,
        output: 'jpeg',
        tempDir,
      }),
    ).rejects.toThrow()
    expect(await readdir(tempDir)).toEqual([])
  })
})
