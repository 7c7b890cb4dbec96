import type { Item } from '../../../src-shared/domain'
import type { LeasedWork } from '../store/lease'
import type { QueueStore } from '../store/ports/queue-store'

/** What a reclaim tells the scan service to do with the work it took back. */
export interface ReclaimHooks {
  announce(items: readonly Item[]): Promise<void>
  /** Async tasks nobody polls any more: this process's poller takes them on (if it runs). */
  adoptTasks(): Promise<number>
}

/**
 * Takes back the items whose lease ran out before `now` (docs/architecture.md §4, "Leases"):
 * they are queued again and announced; async tasks left without a live poller are adopted.
 * Returns how many items came back or are free to adopt (more than 0: start the queue).
 */
export async function reclaimLeased(
  items: Pick<QueueStore, 'reclaimExpired'>,
  now: number,
  hooks: ReclaimHooks,
): Promise<number> {
  const { requeued, freeTasks } = await items.reclaimExpired(now)
  await hooks.announce(requeued)
  if (freeTasks > 0) await hooks.adoptTasks()
  return requeued.length + freeTasks
}

/** The scan service as the lease keeper drives it. */
export interface RecoveringQueue {
  recover(): Promise<number>
  start(): unknown
  whenSettled(): Promise<void>
}

/**
 * The items table as leased work: renewals and releases go straight to the store, a reclaim goes
 * through the scan service (so what comes back is announced), then `onReclaimed` decides whether
 * this host starts scanning it (the app does; a CLI command that is not scanning does not).
 */
export function itemLeaseWork(
  items: Pick<QueueStore, 'renewLeases' | 'releaseLeases'>,
  queue: Pick<RecoveringQueue, 'recover'>,
  onReclaimed: (count: number) => void,
): LeasedWork {
  return {
    renew: (owner, until) => items.renewLeases(owner, until),
    reclaim: async () => {
      const count = await queue.recover()
      if (count > 0) onReclaimed(count)
    },
    release: (owner) => items.releaseLeases(owner),
  }
}

export interface SettleOptions {
  /** How often to look again while other processes hold some of the items. */
  readonly everyMs: number
  /** Some of the items are held elsewhere: how many (said each time the number changes). */
  readonly onHeld?: (held: number) => void
  /** Stop waiting (Ctrl-C, the queue stopped on an error): the caller reports what is left. */
  readonly stop?: () => boolean
  readonly sleep?: (ms: number) => Promise<void>
}

/**
 * Works the queue until none of `ids` is running anywhere: what another Greenlight holds is
 * waited for, and if that process died, taken back once its lease runs out and scanned here.
 * So a run never ends while its items are silently stuck. Returns the ids still held elsewhere
 * when it stopped early (none when all are settled).
 */
export async function settleOwnItems(
  queue: RecoveringQueue,
  items: Pick<QueueStore, 'heldElsewhere'>,
  ids: readonly number[],
  options: SettleOptions,
): Promise<number[]> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let said = 0
  for (;;) {
    await queue.whenSettled()
    const held = await items.heldElsewhere(ids)
    if (held.length === 0 || options.stop?.() === true) return held
    if (held.length !== said) options.onHeld?.(held.length)
    said = held.length
    await sleep(options.everyMs)
    if (options.stop?.() === true) return items.heldElsewhere(ids)
    // What came back meanwhile (taken back here, or by this process's lease timer) is queued:
    // start scans it, and finds nothing to do when nothing came back.
    await queue.recover()
    queue.start()
  }
}
