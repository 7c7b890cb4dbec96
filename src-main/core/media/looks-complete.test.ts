import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { animatedGif, photoLikeJpeg } from '../../../tests/fixtures/images'
import { looksComplete } from './looks-complete'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-complete-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

describe('looksComplete', () => {
  it('tells whole images from ones whose writer has not finished, for each format', async () => {
    const jpeg = await photoLikeJpeg(320, 240, 1)
    const png = await sharp(jpeg).png().toBuffer()
    const webp = await sharp(jpeg).webp().toBuffer()
    const gif = await animatedGif(40, 30, 3)
    for (const [name, bytes] of Object.entries({ jpeg, png, webp, gif })) {
      expect(await looksComplete(await file(`whole.${name}`, bytes)), name).toBe(true)
      const half = bytes.subarray(0, Math.floor(bytes.length / 2))
      expect(await looksComplete(await file(`half.${name}`, half)), name).toBe(false)
    }
  })

  it('waits on empty and few-byte files, not on text named like an image', async () => {
    expect(await looksComplete(await file('empty.jpg', ''))).toBe(false)
    expect(await looksComplete(await file('tiny.jpg', 'ab'))).toBe(false)
    expect(
      await looksComplete(await file('list.jpg', 'milk, eggs, bread and some tea please')),
    ).toBe(true)
    expect(await looksComplete(join(dir, 'gone.jpg'))).toBe(false)
  })

  it('accepts a JPEG with data appended after its end marker (cameras do that)', async () => {
    const jpeg = await photoLikeJpeg(320, 240, 2)
    const tagged = Buffer.concat([jpeg, Buffer.from('SAMSUNG-TRAILER-1234567890')])
    expect(await looksComplete(await file('tagged.jpg', tagged))).toBe(true)
  })
})
