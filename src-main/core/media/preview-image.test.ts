import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { greyPng } from '../../../tests/fixtures/big-png'
import { animatedGif, photoLikeJpeg } from '../../../tests/fixtures/images'
import { ensurePreview, PREVIEW_SIDE, previewPath } from './preview-image'

let dir: string
let previews: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-preview-'))
  previews = join(dir, 'previews')
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function onDisk(name: string, bytes: Buffer) {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, sha256: sha(bytes) }
}

async function sizeOf(file: string) {
  const meta = await sharp(file).metadata()
  return [meta.format, meta.width, meta.height]
}

describe('ensurePreview', () => {
  it('fits a photo within the preview side, and keeps its own pixels for the 1:1 view', async () => {
    const { path, sha256 } = onDisk('big.jpg', await photoLikeJpeg(2400, 1800, 3))
    expect(await ensurePreview(path, sha256, previews, { size: 'preview' })).toBe(true)
    expect(await sizeOf(previewPath(previews, sha256, 'preview', 0))).toEqual([
      'webp',
      PREVIEW_SIDE,
      1200,
    ])
    expect(await ensurePreview(path, sha256, previews, { size: 'full' })).toBe(true)
    expect(await sizeOf(previewPath(previews, sha256, 'full', 0))).toEqual(['webp', 2400, 1800])
  })

  it('turns the picture as its EXIF orientation says', async () => {
    // Stored landscape, tagged "rotate 90° clockwise to show": a portrait photo from a phone.
    const stored = await sharp(await photoLikeJpeg(800, 600, 4))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    const { path, sha256 } = onDisk('phone.jpg', stored)
    expect(await ensurePreview(path, sha256, previews, { size: 'preview' })).toBe(true)
    expect(await sizeOf(previewPath(previews, sha256, 'preview', 0))).toEqual(['webp', 600, 800])
  })

  it('shows the frame of a GIF it is asked for (the judged one), the first by default', async () => {
    const { path, sha256 } = onDisk('anim.gif', await animatedGif(200, 100, 4))
    const colourAt = async (frame: number) => {
      expect(await ensurePreview(path, sha256, previews, { size: 'preview', frame })).toBe(true)
      const { data } = await sharp(previewPath(previews, sha256, 'preview', frame))
        .extract({ left: 190, top: 10, width: 1, height: 1 })
        .raw()
        .toBuffer({ resolveWithObject: true })
      return [...data.subarray(0, 3)]
    }
    // animatedGif's frame f is flat [(f*97)%256, (f*57+80)%256, (f*31+160)%256] away from its band.
    const near = (got: number[], want: number[]) =>
      got.every((value, i) => Math.abs(value - (want[i] ?? 0)) <= 16)
    expect(near(await colourAt(0), [0, 80, 160])).toBe(true)
    expect(near(await colourAt(2), [194, 194, 222])).toBe(true)
    // A frame past the last is the last.
    expect(near(await colourAt(9), [35, 251, 253])).toBe(true)
  })

  it('refuses an image too large to decode, and a file whose bytes changed since hashing', async () => {
    const bomb = onDisk('bomb.png', await greyPng(20_000, 20_000, { rows: 2 }))
    expect(await ensurePreview(bomb.path, bomb.sha256, previews, { size: 'preview' })).toBe(false)
    const wide = onDisk('wide.png', await greyPng(12_000, 9_000, { rows: 2 }))
    expect(await ensurePreview(wide.path, wide.sha256, previews, { size: 'full' })).toBe(false)

    const before = await photoLikeJpeg(400, 300, 1)
    const swapped = onDisk('swapped.jpg', await photoLikeJpeg(400, 300, 2))
    expect(await ensurePreview(swapped.path, sha(before), previews, { size: 'preview' })).toBe(
      false,
    )
    const corrupt = onDisk('corrupt.jpg', Buffer.from('not an image at all'))
    expect(await ensurePreview(corrupt.path, corrupt.sha256, previews, { size: 'full' })).toBe(
      false,
    )
    expect(readdirSync(previews)).toEqual([])
  })

  it('is cached by content hash: made once, then served for every copy, even once the file is gone', async () => {
    const { path, sha256 } = onDisk('once.jpg', await photoLikeJpeg(640, 480, 7))
    expect(await ensurePreview(path, sha256, previews, { size: 'preview' })).toBe(true)
    const target = previewPath(previews, sha256, 'preview', 0)
    expect(target).toContain(sha256)
    const written = statSync(target).mtimeMs
    rmSync(path)
    expect(await ensurePreview(path, sha256, previews, { size: 'preview' })).toBe(true)
    expect(statSync(target).mtimeMs).toBe(written)
    expect(existsSync(previewPath(previews, sha256, 'full', 0))).toBe(false)
  })
})
