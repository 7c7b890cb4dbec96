import type { EngineId, Item } from '../../../src-shared/domain'
import type { QueueStore } from '../store/ports/queue-store'
import type { VerdictCache } from '../store/ports/verdict-cache'
import type { EngineCaller } from './engine-call'
import type { ItemOutcomes } from './item-outcomes'
import type { ScanStats } from './scan-types'

/** What the two send paths share: the store, the paced engine call and the item outcomes. */
export interface SendContext {
  readonly items: Pick<QueueStore, 'updateIf' | 'awaitingTwin'>
  readonly verdicts: Pick<VerdictCache, 'store'>
  readonly outcomes: ItemOutcomes
  readonly caller: EngineCaller
  readonly stats: ScanStats
  /** Epoch ms, for stored timestamps and Green's one-hour window. */
  readonly wallNow: () => number
  announce(items: readonly Item[]): Promise<void>
  /** The cache's name for an engine (verdict-engine-key.ts). */
  verdictEngineKey(id: EngineId): Promise<string>
  /** The async poller takes over a submitted task (async-poller.ts). */
  track(taskId: string, engine: EngineId, submittedAt: number): void
  /** Polls while async tasks are owed a verdict. */
  ensurePolling(): void
}
