import { resolve } from 'node:path'
import type { SourceKind } from '../../src-shared/domain'

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
