import type { EngineId, Item, ItemFeedback, Progress, Scene } from '../../../src-shared/domain'
import type { QueueStatus } from '../../../src-shared/ipc'
import { appError, type Result } from '../../../src-shared/result'
import type { ScanEngine, ScanTask } from '../engines/scan-engine'

/** How hard to drive the engines; read before each batch so a settings change applies at once. */
export interface ScanLimits {
  /** Tasks per engine call (Green allows 100). */
  readonly batchSize: number
  /** Engine calls in flight at once. */
  readonly concurrency: number
  /** Images per second sent to Green (the local engine is not rate-limited). */
  readonly scanQps: number
}

export interface ScanOverrides {
  readonly limits?: Partial<ScanLimits>
  readonly createEngine?: (id: EngineId) => Promise<Result<ScanEngine>>
}

/** What happened, for tests, benchmarks and the CLI summary. */
export interface ScanStats {
  /** engine.scan calls, retries included. */
  engineCalls: number
  /** Tasks sent in those calls. */
  tasksSent: number
  /** Request-level retries. */
  retries: number
  /** 588 answers seen. */
  throttled: number
  /** Items finished from the verdict cache or from a twin in the same batch: no call, no charge. */
  reused: number
  /** Async tasks accepted by the engine. */
  submitted: number
}

/**
 * Everything the scan service tells the outside, through its one listener mechanism
 * (ScanService.on): hosts forward the first three to the event hub, the CLI prints `finished`.
 */
export type ScanEvent =
  /** Items changed state; the store already holds what is announced. */
  | { readonly type: 'items'; readonly items: readonly Item[] }
  /** The queue's counts, at most once per progress window. */
  | { readonly type: 'progress'; readonly progress: Progress }
  /** The queue's state changed (running, paused with an error, idle). */
  | { readonly type: 'status'; readonly status: QueueStatus }
  /** Once per item that reached a final state through this service. */
  | { readonly type: 'finished'; readonly item: Item }

export type ScanListener = (event: ScanEvent) => void

/** Reviewers' corrections, by image (sha256, or the URL for URL items) and engine. */
export interface FeedbackLookup {
  lookup(subject: string, engine: EngineId): Promise<ItemFeedback | null>
}

/** Images with the same bytes in one batch: the leader is sent, the twins share its verdict. */
export interface Group {
  readonly leader: Item
  readonly twins: Item[]
  readonly sha256: string | null
}

/** What one engine call is about: the batch's settings and the items still running in it. */
export interface BatchContext {
  readonly engineId: EngineId
  readonly scenes: readonly Scene[]
  readonly bizType: string | null
  readonly live: ReadonlySet<number>
  readonly sending: readonly Item[]
  readonly signal: AbortSignal
}

export const CANCELLED = appError(
  'CANCELLED',
  'The scan was cancelled before this image was judged.',
)
export const NO_ANSWER = appError(
  'ENGINE_FAILED',
  'The engine returned no verdict for this image. It will be scanned again.',
  true,
  { reason: 'no-answer' },
)

/**
 * The engine task for an item: URLs are sent as they are, files (and stored bytes) by path, with
 * the hash they were looked up under, so an engine that reads other bytes says so.
 */
export function taskFor(item: Item, sha256: string | null): ScanTask {
  return {
    dataId: String(item.id),
    input:
      item.sourceKind === 'url'
        ? { kind: 'url', url: item.source }
        : { kind: 'file', path: item.source },
    ...(sha256 !== null ? { sha256 } : {}),
  }
}

/** A leader and its twins still running in this batch. */
export function groupItems(live: ReadonlySet<number>) {
  return (group: { leader: Item; twins: Item[] }): Item[] =>
    [group.leader, ...group.twins].filter((i) => live.has(i.id))
}

/** Read through a call: the signal flips while we await, which narrowing cannot see. */
export function aborted(signal: AbortSignal): boolean {
  return signal.aborted
}
