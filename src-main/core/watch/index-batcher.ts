import type { EngineChoice, Item, Scene } from '../../../src-shared/domain'
import type { IndexOp, WatchFileIndex } from '../store/ports/watch-index'

/** A complete file whose content has not been scanned from this path yet. */
export interface EnqueueRequest {
  path: string
  folderId: number
  engine: EngineChoice | null
  scenes: readonly Scene[] | null
  size: number
  mtimeMs: number
  sha256: string
}

export type BatchEntry =
  { kind: 'enqueue'; request: EnqueueRequest } | { kind: 'index'; op: IndexOp }

export interface IndexBatcherDeps {
  /** Stores the paths as queued items in one transaction (AppCore.addPaths). */
  enqueue(
    paths: string[],
    engine: EngineChoice | null,
    scenes: readonly Scene[] | null,
  ): Promise<Item[]>
  /** Only the batch write: nothing else of the index is the batcher's business. */
  index: Pick<WatchFileIndex, 'apply'>
  onEnqueued(items: readonly Item[], requests: readonly EnqueueRequest[]): void
  onError(error: unknown): void
  /** Items whose file was renamed or moved: their source now names the new path. */
  onMoved?(itemIds: readonly number[]): void
  /** Flush at once when this many entries wait. */
  maxBatch?: number
  /** Otherwise flush this long after the first entry arrived. */
  windowMs?: number
}

/**
 * Collects enqueues and index changes and writes them in batches: a burst of 1,000 files costs
 * two or three insert transactions, not 1,000, so neither the watcher nor the UI stalls.
 * `submit` resolves once the entry is on disk, so a later event for the same path sees it.
 */
export class IndexBatcher {
  private pending: { entry: BatchEntry; done: () => void; fail: (e: unknown) => void }[] = []
  private timer: NodeJS.Timeout | null = null
  private chain: Promise<void> = Promise.resolve()
  private readonly maxBatch: number
  private readonly windowMs: number

  constructor(private readonly deps: IndexBatcherDeps) {
    this.maxBatch = deps.maxBatch ?? 500
    this.windowMs = deps.windowMs ?? 200
  }

  submit(entry: BatchEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, done: resolve, fail: reject })
      if (this.pending.length >= this.maxBatch) void this.flush()
      else this.timer ??= setTimeout(() => void this.flush(), this.windowMs)
    })
  }

  /** Writes whatever waits now; resolves when everything submitted so far is written. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const batch = this.pending
    this.pending = []
    if (batch.length > 0) this.chain = this.chain.then(() => this.write(batch))
    return this.chain
  }

  private async write(
    batch: { entry: BatchEntry; done: () => void; fail: (e: unknown) => void }[],
  ): Promise<void> {
    try {
      const requests = batch.flatMap((b) => (b.entry.kind === 'enqueue' ? [b.entry.request] : []))
      const itemIds = new Map<string, number>()
      // One insert per engine+scenes choice (usually one: folders rarely differ).
      const groups = new Map<string, EnqueueRequest[]>()
      for (const r of requests) {
        const key = JSON.stringify([r.engine, r.scenes])
        const group = groups.get(key)
        if (group) group.push(r)
        else groups.set(key, [r])
      }
      for (const group of groups.values()) {
        const first = group[0]
        if (!first) continue
        const items = await this.deps.enqueue(
          group.map((r) => r.path),
          first.engine,
          first.scenes,
        )
        items.forEach((item, i) => {
          const r = group[i]
          if (r) itemIds.set(r.path, item.id)
        })
        this.deps.onEnqueued(items, group)
      }
      const ops: IndexOp[] = batch.map((b) =>
        b.entry.kind === 'index'
          ? b.entry.op
          : {
              kind: 'put',
              file: {
                path: b.entry.request.path,
                folderId: b.entry.request.folderId,
                size: b.entry.request.size,
                mtimeMs: b.entry.request.mtimeMs,
                sha256: b.entry.request.sha256,
                state: 'present',
                itemId: itemIds.get(b.entry.request.path) ?? null,
              },
            },
      )
      const moved = await this.deps.index.apply(ops)
      if (moved.length > 0) this.deps.onMoved?.(moved)
      for (const b of batch) b.done()
    } catch (error) {
      this.deps.onError(error)
      for (const b of batch) b.fail(error)
    }
  }
}
