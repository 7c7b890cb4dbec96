import type { EngineId } from '../../../src-shared/domain'
import type { Result } from '../../../src-shared/result'
import type { ScanEngine } from './scan-engine'

/**
 * An engine held for one batch: its configuration key names the verdicts it produces; the engine
 * itself is built on first use (a batch answered from the cache never loads a model). Release
 * it when the batch is over, so a retired one can close.
 */
export interface EngineLease {
  readonly key: string
  engine(): Promise<Result<ScanEngine>>
  release(): void
}

interface Slot {
  readonly id: EngineId
  readonly key: string
  built: Promise<Result<ScanEngine>> | null
  users: number
  retired: boolean
}

/**
 * The scan service's engines, one per id, each built under a configuration key (the verdict
 * cache's name for it: thresholds, frame hints). When the key changes (the user edited a
 * setting), the next lease builds a new engine and the old one is closed once its last call
 * ends: a verdict is never judged under old settings and cached under new ones, and a call in
 * flight is never cut off.
 */
export class EngineRegistry {
  private readonly slots = new Map<EngineId, Slot>()
  private readonly closing = new Set<Promise<void>>()

  constructor(
    private readonly build: (id: EngineId) => Promise<Result<ScanEngine>>,
    private readonly configKey: (id: EngineId) => Promise<string>,
  ) {}

  get ids(): EngineId[] {
    return [...this.slots.keys()]
  }

  get size(): number {
    return this.slots.size
  }

  async lease(id: EngineId): Promise<EngineLease> {
    const key = await this.configKey(id)
    let slot = this.slots.get(id)
    if (slot !== undefined && slot.key !== key) {
      this.retire(id)
      slot = undefined
    }
    if (slot === undefined) {
      slot = { id, key, built: null, users: 0, retired: false }
      this.slots.set(id, slot)
    }
    const held = slot
    held.users++
    let released = false
    return {
      key,
      engine: () => this.built(held),
      release: () => {
        if (released) return
        released = true
        held.users--
        if (held.retired && held.users === 0) this.close(held)
      },
    }
  }

  /** For short uses (a poll): the current engine, released at once. */
  async current(id: EngineId): Promise<Result<ScanEngine>> {
    const lease = await this.lease(id)
    try {
      return await lease.engine()
    } finally {
      lease.release()
    }
  }

  private built(slot: Slot): Promise<Result<ScanEngine>> {
    if (slot.built === null) {
      const built = this.build(slot.id)
      slot.built = built
      // A failed build is not kept: the next lease tries again (after the user fixed it).
      void built.then((r) => {
        if (!r.ok && this.slots.get(slot.id) === slot) this.slots.delete(slot.id)
      })
    }
    return slot.built
  }

  /** The next lease builds anew (its key went bad: the user is fixing the credentials). */
  retire(id: EngineId | undefined): void {
    if (id === undefined) return
    const slot = this.slots.get(id)
    if (slot === undefined) return
    this.slots.delete(id)
    slot.retired = true
    if (slot.users === 0) this.close(slot)
  }

  /** Retires every engine and waits until all are closed (those in use close when released). */
  async closeAll(): Promise<void> {
    for (const id of this.ids) this.retire(id)
    await Promise.all([...this.closing])
  }

  private close(slot: Slot): void {
    if (slot.built === null) return
    const done = slot.built
      .then(async (r) => {
        if (r.ok) await r.value.close()
      })
      .catch(() => undefined)
      .finally(() => this.closing.delete(done))
    this.closing.add(done)
  }
}
