import { ensureThumbnail } from '../media/thumbnail'
import { Limiter } from '../pacing/limiter'
import type { ItemQueries } from '../store/ports/item-queries'

const SHA256_HEX = /^[0-9a-f]{64}$/

export interface ThumbnailsOptions {
  /** Where the images are: every item that showed these bytes, newest first. */
  readonly items: Pick<ItemQueries, 'idsOfImage' | 'getMany'>
  readonly thumbsDir: string
  /** Thumbnails made at once; a scrolled page of new images must not take every core. */
  readonly concurrency?: number
}

/**
 * Thumbnails for every item, whoever scanned it (docs/architecture.md §6): the app makes them
 * while it hashes, a CLI or `greenlight watch` does not, so the first request for an image's
 * thumbnail makes it here, from a file that still holds the bytes named by the hash, and caches
 * it by that hash. URL items have no bytes of their own and keep the placeholder.
 */
export class Thumbnails {
  private readonly limiter: Limiter
  /** One job per image however many rows ask at once. */
  private readonly making = new Map<string, Promise<boolean>>()

  constructor(private readonly options: ThumbnailsOptions) {
    this.limiter = new Limiter(options.concurrency ?? 2)
  }

  /** True when `<thumbsDir>/<sha256>.webp` exists (already, or made now); false for a non-hash. */
  ensure(sha256: string): Promise<boolean> {
    // Hosts pass ids from URLs: anything but a lowercase sha256 never reaches the disk.
    if (!SHA256_HEX.test(sha256)) return Promise.resolve(false)
    const running = this.making.get(sha256)
    if (running) return running
    const job = this.limiter
      .run(() => this.make(sha256))
      .finally(() => {
        this.making.delete(sha256)
      })
    this.making.set(sha256, job)
    return job
  }

  private async make(sha256: string): Promise<boolean> {
    const ids = await this.options.items.idsOfImage({ image: { sha256 } })
    const items = await this.options.items.getMany(ids)
    // Newest first: the latest path is the likeliest to still hold these bytes.
    const sources = items
      .filter((item) => item.sourceKind !== 'url')
      .sort((a, b) => b.id - a.id)
      .map((item) => item.source)
    for (const source of new Set(sources)) {
      // ensureThumbnail returns at once when the thumbnail exists, and refuses changed bytes.
      if (await ensureThumbnail(source, sha256, this.options.thumbsDir)) return true
    }
    return false
  }
}
