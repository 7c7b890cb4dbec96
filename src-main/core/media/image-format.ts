/** Formats the local engine decodes. BMP goes through our own reader: sharp's libvips has none. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'gif', 'webp', 'bmp', 'tiff', 'avif', 'heif'] as const
export type ImageFormat = (typeof IMAGE_FORMATS)[number]

/** How many leading bytes `sniffImageFormat` needs to decide. */
export const SNIFF_BYTES = 32

function ascii(bytes: Uint8Array, start: number, text: string): boolean {
  if (bytes.length < start + text.length) return false
  for (let i = 0; i < text.length; i++) {
    if (bytes[start + i] !== text.charCodeAt(i)) return false
  }
  return true
}

/**
 * Identifies an image by its magic bytes, never by its name: a text file named `.jpg` is not an
 * image, and a PNG named `.jpg` is still a PNG.
 */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return 'png'
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif'
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp'
  // 'BM' alone is too weak (text can start with it): also require a known DIB header size.
  if (ascii(head, 0, 'BM') && head.length >= 18) {
    const dib = (head[14] ?? 0) | ((head[15] ?? 0) << 8) | ((head[16] ?? 0) << 16)
    if ([12, 40, 52, 56, 64, 108, 124].includes(dib) && head[17] === 0) return 'bmp'
  }
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) return 'tiff'
  if (ascii(head, 4, 'ftyp')) {
    if (ascii(head, 8, 'avif') || ascii(head, 8, 'avis')) return 'avif'
    if (['heic', 'heix', 'mif1', 'msf1', 'hevc'].some((brand) => ascii(head, 8, brand)))
      return 'heif'
  }
  return null
}

/** File name extensions a folder scan picks up (case-insensitive). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.bmp', '.gif', '.webp'] as const

export function hasImageExtension(name: string): boolean {
  const lower = name.toLowerCase()
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext))
}
