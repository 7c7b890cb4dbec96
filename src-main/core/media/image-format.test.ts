import { describe, expect, it } from 'vitest'
import { hasImageExtension, sniffImageFormat } from './image-format'

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? Array.from(Buffer.from(p, 'latin1')) : p)),
  )

describe('sniffImageFormat', () => {
  it('recognises images by their magic bytes', () => {
    expect(sniffImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg')
    expect(sniffImageFormat(bytes('\x89PNG\r\n\x1a\n'))).toBe('png')
    expect(sniffImageFormat(bytes('GIF89a'))).toBe('gif')
    expect(sniffImageFormat(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('webp')
    expect(sniffImageFormat(bytes('BM', new Array<number>(12).fill(0), [40, 0, 0, 0]))).toBe('bmp')
    expect(sniffImageFormat(bytes([0, 0, 0, 0x1c], 'ftypavif'))).toBe('avif')
  })

  it('rejects text, even text that starts like a bitmap', () => {
    expect(sniffImageFormat(bytes('hello world, not an image'))).toBeNull()
    expect(sniffImageFormat(bytes('BMW owners club newsletter'))).toBeNull()
    expect(sniffImageFormat(new Uint8Array(0))).toBeNull()
  })
})

describe('hasImageExtension', () => {
  it('matches the scan extensions case-insensitively', () => {
    expect(hasImageExtension('a/B.JPG')).toBe(true)
    expect(hasImageExtension('x.WebP')).toBe(true)
    expect(hasImageExtension('x.bmp')).toBe(true)
    expect(hasImageExtension('x.txt')).toBe(false)
    expect(hasImageExtension('jpg')).toBe(false)
  })
})
