import {
  isFinalState,
  type EngineId,
  type Item,
  type ScanMode,
  type Scene,
  type SourceKind,
} from '../../../src-shared/domain'
import { retryCanFix, type AppError } from '../../../src-shared/result'
import type { EventHub } from '../events/event-hub'
import { describeSource, expandInputs } from '../inputs'
import { sha256File } from '../media/hash-file'
import type { QueueStore } from '../store/ports/queue-store'

export interface EnqueueRequest {
  readonly inputs: readonly string[]
  readonly engine: EngineId
  readonly scenes: readonly Scene[]
  readonly bizType: string | null
  /** Sync (default) or async submission; the local engine runs both the same way. */
  readonly mode?: ScanMode
  /**
   * Sources already in hand rather than typed in: image bytes read from stdin and stored under
   * the data folder (`bytes`, source = that file). They follow the same reuse rules.
   */
  readonly sources?: readonly { readonly sourceKind: SourceKind; readonly source: string }[]
  /** Where relative paths resolve; the CLI's working directory. */
  readonly cwd?: string
  /** Follow links in folders even where they lead outside the inputs (default: not). */
  readonly followSymlinks?: boolean
}

export interface Enqueued {
  /** Items the scan service should run: new ones, and unfinished ones from an earlier run. */
  readonly queued: readonly number[]
  /**
   * Of `queued`, the items that were already in the queue, unfinished, before this add: like
   * `reused`, what the user hears as "already in the queue".
   */
  readonly waiting: readonly number[]
  /** Inputs that cannot be scanned (a missing file, an ftp:// URL), stored as failed with why. */
  readonly failed: readonly Item[]
  /** Files already judged with these settings whose bytes have not changed: verdicts kept. */
  readonly reused: readonly Item[]
  /** Links in folders that led outside the inputs, skipped (followSymlinks was off). */
  readonly linksOutside: number
}

/** A file item still describes the file: its bytes hash the same as when it was judged. */
async function sameBytes(item: Item): Promise<boolean> {
  if (item.sourceKind === 'url' || item.sha256 === null) return false
  return (await sha256File(item.source).catch(() => null)) === item.sha256
}

/**
 * A failed or cancelled item whose file is as it was (or was never hashed) is queued again
 * itself; a file that changed since is another image, and gets its own item beside the record.
 */
async function retriedInPlace(before: Item): Promise<boolean> {
  if (before.state !== 'failed' && before.state !== 'cancelled') return false
  return before.sha256 === null || (await sameBytes(before))
}

/**
 * What adding a source again makes of its newest item with the same settings: `waiting` when it
 * is still in the queue, `kept` when its verdict (or a failure no retry fixes) still describes
 * the file's bytes, else null (docs/architecture.md §4, "Keeping the queue clean").
 */
export async function reuseOf(before: Item | undefined): Promise<'waiting' | 'kept' | null> {
  if (before === undefined) return null
  if (!isFinalState(before.state)) return 'waiting'
  const judged =
    before.state === 'done' || (before.state === 'failed' && !retryCanFix(before.error))
  return judged && (await sameBytes(before)) ? 'kept' : null
}

/**
 * Turns raw inputs (files, folders, URLs, @lists) into stored items before any work starts, for
 * every host: the app's add bar and drops, the CLI, the watcher. Bad inputs are stored as failed
 * with their reason instead of vanishing. Adding the same source again with the same settings
 * reuses its item: an unfinished one is picked up (so a rerun after a crash completes the batch),
 * an unchanged done one keeps its verdict, and so does an unchanged failed one that no retry can
 * fix; any other failed or cancelled one with the same bytes is queued again in place, never
 * beside a second item (docs/architecture.md §4, "Keeping the queue clean"); a changed file gets
 * a new item.
 */
export async function enqueueInputs(
  deps: {
    readonly store: { readonly items: QueueStore }
    readonly events: Pick<EventHub, 'itemsChanged'>
  },
  request: EnqueueRequest,
): Promise<Enqueued> {
  const { engine, scenes, bizType } = request
  const good: { sourceKind: SourceKind; source: string }[] = [...(request.sources ?? [])]
  const bad: { input: string; error: AppError }[] = []
  const expansion = expandInputs(request.inputs, {
    ...(request.cwd ? { cwd: request.cwd } : {}),
    followSymlinks: request.followSymlinks === true,
  })
  for await (const expanded of expansion) {
    if (expanded.ok) good.push(describeSource(expanded.source))
    else bad.push({ input: expanded.input, error: expanded.error })
  }
  const earlier = await deps.store.items.latestBySource(
    good.map((g) => g.source),
    engine,
    scenes,
    bizType,
  )
  const pending: number[] = []
  const reused: Item[] = []
  const again: number[] = []
  const fresh: typeof good = []
  for (const g of good) {
    const before = earlier.get(g.source)
    const reuse = await reuseOf(before)
    if (before && reuse === 'waiting') pending.push(before.id)
    else if (before && reuse === 'kept') reused.push(before)
    else if (before && (await retriedInPlace(before))) again.push(before.id)
    else fresh.push(g)
  }
  const requeued = await deps.store.items.transitionAll(
    ['failed', 'cancelled'],
    { state: 'queued', error: null },
    again,
  )
  const base = { engine, scenes, bizType, mode: request.mode ?? 'sync' }
  const items = await deps.store.items.insertMany([
    ...fresh.map((g) => ({ ...g, ...base })),
    ...bad.map((b) => ({
      sourceKind: /^[a-z][a-z0-9+.-]*:\/\//i.test(b.input) ? ('url' as const) : ('file' as const),
      source: b.input,
      ...base,
    })),
  ])
  const failed: Item[] = []
  for (const [index, b] of bad.entries()) {
    const item = items[fresh.length + index]
    if (!item) continue
    const updated = await deps.store.items.update(item.id, { state: 'failed', error: b.error })
    if (updated) failed.push(updated)
  }
  deps.events.itemsChanged([...items.slice(0, fresh.length), ...requeued, ...failed])
  return {
    queued: [
      ...pending,
      ...requeued.map((i) => i.id),
      ...items.slice(0, fresh.length).map((i) => i.id),
    ],
    waiting: pending,
    failed,
    reused,
    linksOutside: expansion.counts.linksOutside,
  }
}
