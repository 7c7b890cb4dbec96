import { resolve } from 'node:path'
import type { SourceKind } from '../../../src-shared/domain'

export interface ClassifiedInput {
  sourceKind: SourceKind
  source: string
}

/** http(s) URLs are scanned by URL; anything else is a local path, made absolute. */
export function classifyInput(input: string, cwd: string = process.cwd()): ClassifiedInput {
  const trimmed = input.trim()
  if (/^https?:\/\//i.test(trimmed)) return { sourceKind: 'url', source: trimmed }
  return { sourceKind: 'file', source: resolve(cwd, input) }
}

/** What one raw input (an argument, or a line of an @list) asks for. */
export type RawInput =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'list'; readonly path: string }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'unsupported'; readonly reason: string }

/**
 * Two or more letters then a colon: a URL scheme. One letter is a Windows drive (`C:\photos`).
 * A local file literally named `abc:x.jpg` must be written `./abc:x.jpg`.
 */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i

/** Longest URL Green accepts in a task (docs/green-api.md §3.1). */
export const MAX_URL_LENGTH = 2048

/**
 * Classifies one input: http(s) URL, `@list` file, `-` for stdin, or a local path (absolute,
 * resolved against `cwd`). Any other scheme (ftp:, file:, javascript:, data:, ...) is refused
 * with the reason, never guessed at.
 */
export function parseRawInput(input: string, cwd: string): RawInput {
  const text = input.trim()
  if (text === '') return { kind: 'unsupported', reason: 'The input is empty.' }
  if (text === '-') return { kind: 'stdin' }
  if (text.startsWith('@')) {
    const path = text.slice(1).trim()
    if (path === '')
      return { kind: 'unsupported', reason: 'Give a list file after @, e.g. @list.txt.' }
    return { kind: 'list', path: resolve(cwd, path) }
  }
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase()
  if (scheme === undefined) return { kind: 'path', path: resolve(cwd, text) }
  if (scheme !== 'http' && scheme !== 'https') {
    return {
      kind: 'unsupported',
      reason: `"${scheme}:" inputs are not supported. Give an http(s) URL or a local file or folder.`,
    }
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { kind: 'unsupported', reason: 'This is not a valid URL. Check it for typos.' }
  }
  if (url.hostname === '') {
    return { kind: 'unsupported', reason: 'This URL has no host. Check it for typos.' }
  }
  // href percent-encodes non-ASCII, which Green requires (it rejects Chinese characters in URLs).
  if (url.href.length > MAX_URL_LENGTH) {
    return {
      kind: 'unsupported',
      reason: `This URL is longer than ${MAX_URL_LENGTH} characters, which Green refuses. Download the image and scan the file instead.`,
    }
  }
  return { kind: 'url', url: url.href }
}
