/** The last path segment (either separator) or the URL's file name: what a person recognises. */
export function displayName(source: string): string {
  const trimmed = source.replace(/[\\/]+$/, '')
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'))
  return cut >= 0 ? trimmed.slice(cut + 1) || trimmed : trimmed
}
