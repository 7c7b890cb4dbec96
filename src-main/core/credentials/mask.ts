/** `LTAI5tAbCdEfGhIj` -> `LTAI****GhIj`: enough to recognise a key, never enough to use it. */
export function maskAccessKeyId(id: string): string {
  if (id.length <= 8) return '****'
  return `${id.slice(0, 4)}****${id.slice(-4)}`
}
