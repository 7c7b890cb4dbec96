import { randomUUID } from 'node:crypto'
import type { AddPlan } from './plan-add'

/** How long a priced add waits for the user's answer before it is forgotten. */
const TTL_MS = 30 * 60_000
const MAX_PENDING = 8

/**
 * Priced adds waiting for the user's yes, by an opaque id: the renderer confirms an id, never a
 * path, so what runs is exactly what main priced and the user saw.
 */
export class PendingAdds {
  private readonly plans = new Map<string, { plan: AddPlan; at: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  hold(plan: AddPlan): string {
    this.expire()
    const id = randomUUID()
    this.plans.set(id, { plan, at: this.now() })
    // Oldest first out: a Map iterates in insertion order.
    for (const old of this.plans.keys()) {
      if (this.plans.size <= MAX_PENDING) break
      this.plans.delete(old)
    }
    return id
  }

  /** The plan, removed: a confirm runs at most once. */
  take(id: string): AddPlan | null {
    this.expire()
    const held = this.plans.get(id)
    this.plans.delete(id)
    return held?.plan ?? null
  }

  private expire(): void {
    const cutoff = this.now() - TTL_MS
    for (const [id, held] of this.plans) if (held.at < cutoff) this.plans.delete(id)
  }
}
