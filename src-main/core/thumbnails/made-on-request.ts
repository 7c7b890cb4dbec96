import { Limiter } from '../pacing/limiter'
import type { ItemQueries } from '../store/ports/item-queries'

export const SHA256_HEX = /^[0-9a-f]{64}$/

export interface MadeOnRequestOptions {
  /** Where the images are: every item that showed these bytes, newest first. */
  readonly items: Pick<ItemQueries, 'idsOfImage' | 'getMany'>
  /** Images made at once; a scrolled page of new images must not take every core. */
  readonly concurrency?: number
}

/**
 * Pictures of an image made on first request, from a file that still holds its bytes
 * (docs/architecture.md §6): whoever scanned it, the app or a CLI. One job per picture however
 * many views ask at once; anything but a lowercase sha256 never reaches the disk.
 */
export class MadeOnRequest {
  private readonly limiter: Limiter
  private readonly making = new Map<string, Promise<boolean>>()

  constructor(private readonly options: MadeOnRequestOptions) {
    this.limiter = new Limiter(options.concurrency ?? 2)
  }

  /**
   * True once `make` succeeded from one of the image's files (it returns at once when the
   * picture exists, and refuses a file whose bytes changed); false for a non-hash.
   */
  ensure(
    sha256: string,
    key: string,
    make: (source: string) => Promise<boolean>,
  ): Promise<boolean> {
    // Hosts pass ids from URLs.
    if (!SHA256_HEX.test(sha256)) return Promise.resolve(false)
    const running = this.making.get(key)
    if (running) return running
    const job = this.limiter
      .run(() => this.fromAnyCopy(sha256, make))
      .finally(() => {
        this.making.delete(key)
      })
    this.making.set(key, job)
    return job
  }

  private async fromAnyCopy(
    sha256: string,
    make: (source: string) => Promise<boolean>,
  ): Promise<boolean> {
    const ids = await this.options.items.idsOfImage({ image: { sha256 } })
    const items = await this.options.items.getMany(ids)
    // Newest first: the latest path is the likeliest to still hold these bytes. URL items have
    // no bytes of their own and keep the placeholder.
    const sources = items
      .filter((item) => item.sourceKind !== 'url')
      .sort((a, b) => b.id - a.id)
      .map((item) => item.source)
    for (const source of new Set(sources)) if (await make(source)) return true
    return false
  }
}
