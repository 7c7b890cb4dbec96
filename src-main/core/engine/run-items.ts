import { isFinalState, mostSevere, type Item } from '../../../src-shared/domain'
import { appError, type AppError } from '../../../src-shared/result'
import type { EventHub } from '../events/event-hub'
import { sha256File } from '../media/hash-file'
import type { ItemPatch } from '../store/items-repo'
import type { Store } from '../store/open-store'
import type { ScanEngine, ScanTask } from './scan-engine'

export interface RunItemsOptions {
  readonly signal?: AbortSignal
  /** Items in flight at once; enough to keep the engine's workers busy. */
  readonly concurrency?: number
  /** Called once per item that reached a final state, in completion order. */
  readonly onItemFinished?: (item: Item) => void
}

interface RunDeps {
  readonly store: Pick<Store, 'items'>
  readonly events: Pick<EventHub, 'itemsChanged' | 'progressChanged'>
}

/**
 * The minimal runner (ISSUE 4) that takes stored items through an engine: queued -> hashing ->
 * scanning -> done | failed | cancelled. Every transition is written before it is announced, so
 * the store is the truth and a crash loses nothing. The full scan service (batching, dedupe,
 * retries, resume) is a later issue and replaces this.
 */
export async function runItems(
  deps: RunDeps,
  engine: ScanEngine,
  ids: readonly number[],
  options: RunItemsOptions = {},
): Promise<Item[]> {
  const finished = new Map<number, Item>()
  const { signal } = options

  const save = async (id: number, patch: ItemPatch): Promise<Item | undefined> => {
    const item = await deps.store.items.update(id, patch)
    if (item) deps.events.itemsChanged([item])
    return item
  }
  const finish = async (id: number, patch: ItemPatch): Promise<void> => {
    const item = await save(id, patch)
    if (!item) return
    finished.set(id, item)
    deps.events.progressChanged(await deps.store.items.progress())
    options.onItemFinished?.(item)
  }
  const cancelled = (): AppError =>
    appError('CANCELLED', 'The scan was cancelled before this image was judged.')

  async function runOne(id: number): Promise<void> {
    const item = await deps.store.items.get(id)
    if (!item) return
    if (isFinalState(item.state)) {
      finished.set(id, item)
      return
    }
    if (signal?.aborted) {
      await finish(id, { state: 'cancelled', error: cancelled() })
      return
    }
    let sha256: string | null = null
    if (item.sourceKind === 'file') {
      await save(id, { state: 'hashing' })
      // An unreadable file gets no hash; the engine then reports why, per item.
      sha256 = await sha256File(item.source, signal).catch(() => null)
    }
    const dataId = String(item.id)
    await save(id, { state: 'scanning', sha256, dataId })
    const task: ScanTask = {
      dataId,
      input:
        item.sourceKind === 'url'
          ? { kind: 'url', url: item.source }
          : { kind: 'file', path: item.source },
    }
    const result = await engine.scan([task], item.scenes, {
      bizType: item.bizType,
      ...(signal ? { signal } : {}),
    })
    const outcome = result.ok ? result.value[0] : undefined
    if (!result.ok || !outcome) {
      const error = result.ok
        ? appError(
            'ENGINE_FAILED',
            'The engine returned no verdict for this image. Scan it again.',
            true,
          )
        : result.error
      await finish(id, { state: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error })
      return
    }
    if (!outcome.ok) {
      await finish(id, {
        state: outcome.error.code === 'CANCELLED' ? 'cancelled' : 'failed',
        error: outcome.error,
      })
      return
    }
    await finish(id, {
      state: 'done',
      results: outcome.results,
      unsupportedScenes: outcome.unsupported,
      suggestion: mostSevere(outcome.results.map((r) => r.suggestion)),
      taskId: outcome.taskId ?? null,
      error: null,
      scannedAt: Date.now(),
    })
  }

  const queue = [...ids]
  const lanes = Math.max(1, Math.min(options.concurrency ?? 4, queue.length))
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await runOne(id)
    }),
  )
  return ids.map((id) => finished.get(id)).filter((item): item is Item => item !== undefined)
}
