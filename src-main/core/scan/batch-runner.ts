import { setMaxListeners } from 'node:events'
import { itemNote, type Item, type Scene, type SceneResult } from '../../../src-shared/domain'
import type { AppError } from '../../../src-shared/result'
import type { EngineLease, EngineRegistry } from '../engines/engine-registry'
import { FileReadError } from '../media/hash-file'
import type { CachedScene, VerdictCache, VerdictKey } from '../store/ports/verdict-cache'
import { submitAsync } from './send-async'
import type { SendContext } from './send-context'
import { sendSync } from './send-sync'
import { aborted, type Group, type ScanLimits } from './scan-types'

interface Hashed {
  readonly item: Item
  readonly sha256: string | null
}

interface Deferred {
  readonly promise: Promise<void>
  readonly resolve: () => void
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

export interface BatchRunnerDeps {
  readonly send: SendContext
  readonly verdicts: Pick<VerdictCache, 'lookup'>
  readonly engines: Pick<EngineRegistry, 'lease'>
  readonly hashFile: (path: string, signal?: AbortSignal) => Promise<string>
}

/**
 * One batch of claimed items (docs/architecture.md §4): hash them, answer what the verdict cache
 * knows, wait for the same bytes already in flight in another batch, send twins once, then hand
 * the rest to the sync or async send path.
 */
export class BatchRunner {
  /** Images (by verdict key) being judged right now, so a twin in another batch waits for it. */
  private readonly inFlight = new Map<string, Deferred>()

  constructor(private readonly deps: BatchRunnerDeps) {}

  /**
   * One batch's signal, aborted with the service's. A batch hangs a listener on it per file being
   * hashed, per upload and per wait, which is more than Node's default warning threshold (10)
   * for a batch of 100: the cap is raised for this signal, and the link removed when it ends.
   */
  async run(items: readonly Item[], limits: ScanLimits, parent: AbortSignal): Promise<void> {
    const batch = new AbortController()
    setMaxListeners(0, batch.signal)
    const onAbort = (): void => {
      batch.abort()
    }
    if (parent.aborted) batch.abort()
    else parent.addEventListener('abort', onAbort, { once: true })
    try {
      await this.runWith(items, limits, batch.signal)
    } finally {
      parent.removeEventListener('abort', onAbort)
    }
  }

  private async runWith(
    items: readonly Item[],
    limits: ScanLimits,
    signal: AbortSignal,
  ): Promise<void> {
    const first = items[0]
    if (first === undefined) return
    // Held for the whole batch: verdicts are cached under the key of the engine that judged
    // them, and a settings change meanwhile retires the engine only once this batch is done.
    const lease = await this.deps.engines.lease(first.engine)
    try {
      await this.runLeased(items, lease, limits, signal)
    } finally {
      lease.release()
    }
  }

  private async runLeased(
    items: readonly Item[],
    lease: EngineLease,
    limits: ScanLimits,
    signal: AbortSignal,
  ): Promise<void> {
    const first = items[0]
    if (first === undefined) return
    const { scenes, bizType } = first
    const cacheEngine = lease.key
    const { outcomes } = this.deps.send

    // Hash, then answer what the cache already knows: an image judged before costs nothing.
    // A path that cannot be read as a regular file (a FIFO, a folder, gone) fails here, alone.
    const read = await Promise.all(items.map((item) => this.hashItem(item, signal)))
    if (aborted(signal)) return outcomes.endAborted(items)
    const hashed: Hashed[] = []
    for (const entry of read) {
      if (entry.error === null) hashed.push(entry)
      else await outcomes.retryOrFail(entry.item, entry.error)
    }
    const verdictKey = (sha256: string): VerdictKey => ({ sha256, engine: cacheEngine, bizType })
    let unanswered = await this.answerFromCache(hashed, verdictKey, scenes)

    // The same bytes already on their way in another batch: wait for that answer rather than
    // pay twice. Checked and claimed with no await in between, so a batch only ever waits for
    // batches that claimed earlier, and two batches can never wait for each other.
    const flightKey = (sha256: string) => JSON.stringify([cacheEngine, sha256, bizType, scenes])
    const others: Promise<void>[] = []
    const waiting: Hashed[] = []
    const claimedKeys: string[] = []
    const mine: Hashed[] = []
    for (const entry of unanswered) {
      const key = entry.sha256 === null ? null : flightKey(entry.sha256)
      const other = key === null || claimedKeys.includes(key) ? undefined : this.inFlight.get(key)
      if (other) {
        others.push(other.promise)
        waiting.push(entry)
        continue
      }
      if (key !== null && !claimedKeys.includes(key)) {
        this.inFlight.set(key, deferred())
        claimedKeys.push(key)
      }
      mine.push(entry)
    }
    try {
      if (waiting.length > 0) {
        await Promise.all(others)
        mine.push(...(await this.answerFromCache(waiting, verdictKey, scenes)))
      }
      unanswered = mine
      await this.send(unanswered, lease, scenes, bizType, verdictKey, limits, signal)
    } finally {
      for (const key of claimedKeys) {
        this.inFlight.get(key)?.resolve()
        this.inFlight.delete(key)
      }
    }
  }

  /**
   * An item's hash, or why its path is no file to read (a FIFO, a socket, a folder). Any other
   * failure leaves the hash unknown, as before: the engine reads the file itself and says what is
   * wrong with it (a missing file is no error for scenes the engine cannot judge anyway).
   */
  private async hashItem(
    item: Item,
    signal: AbortSignal,
  ): Promise<Hashed & { readonly error: AppError | null }> {
    if (item.sourceKind === 'url') return { item, sha256: null, error: null }
    try {
      return { item, sha256: await this.deps.hashFile(item.source, signal), error: null }
    } catch (thrown) {
      const error = thrown instanceof FileReadError ? thrown.error : null
      return { item, sha256: null, error: error?.code === 'NOT_A_FILE' ? error : null }
    }
  }

  /** Finishes the items whose every scene is cached; returns the others. */
  private async answerFromCache(
    hashed: readonly Hashed[],
    verdictKey: (sha256: string) => VerdictKey,
    scenes: readonly Scene[],
  ): Promise<Hashed[]> {
    const rest: Hashed[] = []
    for (const entry of hashed) {
      const cached = entry.sha256
        ? await this.deps.verdicts.lookup(verdictKey(entry.sha256), scenes)
        : []
      if (cached.length === scenes.length && cached.length > 0) {
        await this.finishFromCache(entry.item, entry.sha256, cached, scenes)
      } else rest.push(entry)
    }
    return rest
  }

  private async finishFromCache(
    item: Item,
    sha256: string | null,
    cached: readonly CachedScene[],
    scenes: readonly Scene[],
  ): Promise<void> {
    const { send } = this.deps
    const marked = await send.items.updateIf(item.id, ['hashing'], { state: 'cached', sha256 })
    if (!marked) return
    await send.announce([marked])
    const byScene = new Map(cached.map((c) => [c.scene, c]))
    const results: SceneResult[] = []
    const unsupported: Scene[] = []
    for (const scene of scenes) {
      const hit = byScene.get(scene)
      if (hit?.result) results.push(hit.result)
      else unsupported.push(scene)
    }
    send.stats.reused++
    await send.outcomes.finish(marked, {
      state: 'done',
      results,
      unsupportedScenes: unsupported,
      taskId: cached.find((c) => c.taskId !== null)?.taskId ?? null,
      error: null,
      note: itemNote('cache-reused', {}),
      scannedAt: Date.now(),
    })
  }

  /** Twins in one batch (the same bytes under two names) are sent once, by the sync or async path. */
  private async send(
    hashed: readonly Hashed[],
    lease: EngineLease,
    scenes: readonly Scene[],
    bizType: string | null,
    verdictKey: (sha256: string) => VerdictKey,
    limits: ScanLimits,
    signal: AbortSignal,
  ): Promise<void> {
    const { send } = this.deps
    const groups = new Map<string, Group>()
    for (const { item, sha256 } of hashed) {
      const groupKey = sha256 ?? `item:${String(item.id)}`
      const group = groups.get(groupKey)
      if (group) group.twins.push(item)
      else groups.set(groupKey, { leader: item, twins: [], sha256 })
    }
    if (groups.size === 0) return

    const sending: Item[] = []
    for (const { leader, twins, sha256 } of groups.values()) {
      for (const item of [leader, ...twins]) {
        const moved = await send.items.updateIf(item.id, ['hashing'], {
          state: 'scanning',
          sha256,
          dataId: String(item.id),
        })
        if (moved) sending.push(moved)
      }
    }
    await send.announce(sending)
    const live = new Set(sending.map((i) => i.id))
    const leaders = [...groups.values()].filter((g) => live.has(g.leader.id))
    if (leaders.length === 0) return

    const engine = await lease.engine()
    if (!engine.ok) return send.outcomes.endWithError(sending, engine.error)
    const batch = { engineId: engine.value.id, scenes, bizType, live, sending, signal }
    if (leaders[0]?.leader.mode === 'async' && engine.value.async !== undefined) {
      return submitAsync(send, engine.value, engine.value.async, leaders, batch, limits)
    }
    return sendSync(send, engine.value, leaders, batch, limits, verdictKey)
  }
}
