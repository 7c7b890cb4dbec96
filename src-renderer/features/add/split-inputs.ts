/**
 * Splits pasted text into inputs: one per line; a line with several URLs is split on spaces.
 * Paths may contain spaces, so a line that is not all URLs is kept whole. Quotes from a
 * "Copy as path" are stripped.
 */
export function splitInputs(text: string): string[] {
  const out: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const words = line.split(/\s+/)
    if (words.length > 1 && words.every((w) => /^https?:\/\//i.test(w))) {
      out.push(...words)
    } else {
      out.push(line.replace(/^["'](.*)["']$/, '$1'))
    }
  }
  return out
}
