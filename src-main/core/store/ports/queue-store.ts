import {
  FINAL_STATES,
  ITEM_STATES,
  type EngineId,
  type Item,
  type ItemState,
  type Progress,
  type Scene,
  type SceneResult,
} from '../../../../src-shared/domain'

export interface NewItem extends Pick<Item, 'sourceKind' | 'source' | 'engine'> {
  scenes: readonly Scene[]
  bizType?: string | null
  /** Default sync. */
  mode?: Item['mode']
}

/** Fields a pipeline step may change; everything else about an item is fixed at enqueue time. */
export interface ItemPatch extends Partial<
  Pick<
    Item,
    | 'state'
    | 'sha256'
    | 'suggestion'
    | 'error'
    | 'note'
    | 'dataId'
    | 'taskId'
    | 'sentUrl'
    | 'submittedAt'
    | 'feedback'
    | 'scannedAt'
  >
> {
  results?: readonly SceneResult[]
  unsupportedScenes?: readonly Scene[]
}

/** The states of an item some process is working on: neither waiting nor finished. */
export const RUNNING_STATES: readonly ItemState[] = ITEM_STATES.filter(
  (state) => state !== 'queued' && !FINAL_STATES.includes(state),
)

/** An async task still owed a verdict; `submittedAt` is its earliest item's. */
export interface AwaitingTask {
  readonly taskId: string
  readonly engine: EngineId
  readonly submittedAt: number
}

/**
 * The scan queue as the scan service and the async poller see it (see docs/architecture.md §1):
 * items enter queued and move between states only through guarded transitions, so no item is
 * claimed, scanned or billed twice, however many processes share the store. Every write is
 * atomic; a method that moves several items moves all of them or none.
 */
export interface QueueStore {
  /** Adds the items queued, all or none; returns them as stored, in order. */
  insertMany(items: readonly NewItem[]): Promise<Item[]>
  get(id: number): Promise<Item | undefined>
  /** The readable items among `ids`, oldest first; unknown ids are left out. */
  getMany(ids: readonly number[]): Promise<Item[]>
  /** Writes the patch unconditionally and returns the item as stored. */
  update(id: number, patch: ItemPatch): Promise<Item | undefined>
  /**
   * Writes the patch only if the item is still in one of `from` (a guarded transition, the
   * claim): undefined when the guard did not match, so a late answer cannot overwrite a cancel
   * and a claimed item is not claimed again.
   */
  updateIf(id: number, from: readonly ItemState[], patch: ItemPatch): Promise<Item | undefined>
  /**
   * Moves every item in one of `from` (all of them, or only `ids`) to the patch at once and
   * returns the items it moved: pause, cancel, retry, claims of a batch and crash recovery.
   */
  transitionAll(
    from: readonly ItemState[],
    patch: ItemPatch,
    ids?: readonly number[],
  ): Promise<Item[]>
  /**
   * The next batch of queued work: the oldest queued item and up to `limit - 1` more queued
   * items sharing its engine, scenes, bizType and mode. Reading it claims nothing.
   */
  nextQueuedBatch(limit: number): Promise<Item[]>
  /** The newest item of each source with this engine, scenes and bizType (what a rerun reuses). */
  latestBySource(
    sources: readonly string[],
    engine: EngineId,
    scenes: readonly Scene[],
    bizType: string | null,
  ): Promise<Map<string, Item>>
  /** The async tasks still owed a verdict (items submitted or polling), one per task. */
  awaitingTasks(): Promise<AwaitingTask[]>
  /** Items waiting on one async task (twins share it), oldest first. */
  awaitingTask(taskId: string, engine: EngineId): Promise<Item[]>
  /** An async task already submitted for the same bytes and settings, which a twin can share. */
  awaitingTwin(
    sha256: string,
    engine: EngineId,
    scenes: readonly Scene[],
    bizType: string | null,
  ): Promise<Omit<AwaitingTask, 'engine'> | undefined>
  /** How many items are in one of these states. */
  countIn(states: readonly ItemState[]): Promise<number>
  /** Counts by state and verdict, for the progress bar. */
  progress(): Promise<Progress>
}
