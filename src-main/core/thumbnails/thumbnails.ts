import { ensureThumbnail } from '../media/thumbnail'
import { MadeOnRequest, type MadeOnRequestOptions } from './made-on-request'

export interface ThumbnailsOptions extends MadeOnRequestOptions {
  readonly thumbsDir: string
}

/**
 * Thumbnails for every item, whoever scanned it (docs/architecture.md §6): the app makes them
 * while it hashes, a CLI or `greenlight watch` does not, so the first request for an image's
 * thumbnail makes it here, from a file that still holds the bytes named by the hash, and caches
 * it by that hash. URL items have no bytes of their own and keep the placeholder.
 */
export class Thumbnails {
  private readonly made: MadeOnRequest

  constructor(private readonly options: ThumbnailsOptions) {
    this.made = new MadeOnRequest(options)
  }

  /** True when `<thumbsDir>/<sha256>.webp` exists (already, or made now); false for a non-hash. */
  ensure(sha256: string): Promise<boolean> {
    return this.made.ensure(sha256, sha256, (source) =>
      ensureThumbnail(source, sha256, this.options.thumbsDir),
    )
  }
}
