/** The image types Green accepts (docs/green-api.md §3.1), told apart by magic bytes, never by name. */
export type ImageType = 'jpg' | 'png' | 'gif' | 'bmp' | 'webp'

export const IMAGE_MIME: Readonly<Record<ImageType, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
}

/** How many leading bytes `sniffImageType` needs. */
export const SNIFF_BYTES = 12

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false
  return bytes.every((byte, i) => head[offset + i] === byte)
}

export function sniffImageType(head: Uint8Array): ImageType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpg'
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39)) {
    return head[5] === 0x61 ? 'gif' : null
  }
  if (startsWith(head, [0x42, 0x4d]) && head.length >= 6) return 'bmp'
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'webp'
  }
  return null
}
