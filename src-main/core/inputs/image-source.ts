import type { SourceKind } from '../../../src-shared/domain'
import type { AppError } from '../../../src-shared/result'

/** One image to scan, shaped like ScanTask.input (engines/scan-engine.ts) so it passes straight on. */
export type ImageSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly name: string }

/** One result of expanding the inputs: an image, or an error that belongs to that input alone. */
export type ExpandedInput =
  | { readonly ok: true; readonly source: ImageSource; readonly input: string }
  | { readonly ok: false; readonly error: AppError; readonly input: string }

/** The label stored on an item for a source (a path, a URL, or the name of the bytes). */
export function describeSource(source: ImageSource): { sourceKind: SourceKind; source: string } {
  switch (source.kind) {
    case 'file':
      return { sourceKind: 'file', source: source.path }
    case 'url':
      return { sourceKind: 'url', source: source.url }
    case 'bytes':
      return { sourceKind: 'bytes', source: source.name }
  }
}
