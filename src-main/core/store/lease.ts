import { randomUUID } from 'node:crypto'

/**
 * How long a lease lasts and how often its owner renews it. The period bounds how long a dead
 * process's work stays out of reach; renewing several times a period keeps a busy (or briefly
 * stalled) owner's work its own.
 */
export interface LeasePolicy {
  readonly periodMs: number
  readonly renewMs: number
}

export const DEFAULT_LEASE_POLICY: LeasePolicy = { periodMs: 10_000, renewMs: 3_000 }

/** A policy with `periodMs` and a renewal three times a period. */
export function leasePolicy(periodMs: number): LeasePolicy {
  return { periodMs, renewMs: Math.max(1, Math.floor(periodMs / 3)) }
}

/** Timers, injectable so tests drive renewals and reclaims by hand or on a fake clock. */
export interface LeaseTimers {
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

const systemTimers: LeaseTimers = {
  setInterval: (callback, ms) => {
    // Unref'd: a lease never keeps a process alive that has nothing else to do.
    const handle = setInterval(callback, ms)
    handle.unref()
    return handle
  },
  clearInterval: (handle) => {
    clearInterval(handle as ReturnType<typeof setInterval>)
  },
}

/**
 * Work that a process takes by lease, in a store every process shares (the items, and any later
 * outbox): see docs/architecture.md §4, "Leases".
 */
export interface LeasedWork {
  /** Pushes every lease `owner` holds here out to `until` (epoch ms). */
  renew(owner: string, until: number): Promise<void>
  /** Takes back the work whose lease ended before `now`, whoever held it. */
  reclaim(now: number): Promise<void>
  /** Ends `owner`'s leases at once, so another process may take the work without waiting. */
  release(owner: string): Promise<void>
}

export interface LeasesOptions {
  readonly policy?: LeasePolicy
  /** Epoch ms: leases are compared across processes, so never a monotonic clock. */
  readonly wallNow?: () => number
  readonly timers?: LeaseTimers
  /** A renewal or reclaim that failed (a busy or broken store): the next tick tries again. */
  readonly onError?: (error: unknown) => void
  /** Fixed owner id, for tests; by default a random UUID, unique to this run. */
  readonly owner?: string
}

/**
 * One process's identity as a lease holder, and the clock that keeps its leases alive. Crash
 * recovery needs nothing else: whatever a dead process held expires within one period and any
 * process takes it back, whether the dead one was reaped, a zombie, or in another container
 * (no PID is ever looked at). A clean close releases everything at once.
 */
export class Leases {
  readonly owner: string
  readonly policy: LeasePolicy
  private readonly wallNow: () => number
  private readonly timers: LeaseTimers
  private readonly work: LeasedWork[] = []
  private handles: unknown[] = []
  private closed = false

  constructor(private readonly options: LeasesOptions = {}) {
    this.owner = options.owner ?? randomUUID()
    this.policy = options.policy ?? DEFAULT_LEASE_POLICY
    this.wallNow = options.wallNow ?? Date.now
    this.timers = options.timers ?? systemTimers
  }

  now(): number {
    return this.wallNow()
  }

  /** When a lease taken or renewed now ends. */
  until(): number {
    return this.wallNow() + this.policy.periodMs
  }

  add(work: LeasedWork): void {
    this.work.push(work)
  }

  /** Takes back what expired (at start, before any claim), then renews and reclaims on timers. */
  async start(): Promise<void> {
    await this.reclaim()
    if (this.closed || this.handles.length > 0) return
    this.handles = [
      this.timers.setInterval(() => void this.guard(() => this.renew()), this.policy.renewMs),
      this.timers.setInterval(() => void this.guard(() => this.reclaim()), this.policy.periodMs),
    ]
  }

  async renew(): Promise<void> {
    const until = this.until()
    for (const work of this.work) await work.renew(this.owner, until)
  }

  async reclaim(): Promise<void> {
    const now = this.wallNow()
    for (const work of this.work) await work.reclaim(now)
  }

  /**
   * Stops the timers and releases every lease: a rerun after a clean stop waits for nothing. A
   * renewal still in flight cannot undo it: releasing clears the owner a renewal matches on.
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const handle of this.handles) this.timers.clearInterval(handle)
    this.handles = []
    for (const work of this.work) await this.guard(() => work.release(this.owner))
  }

  private async guard(step: () => Promise<void>): Promise<void> {
    try {
      await step()
    } catch (error) {
      this.options.onError?.(error)
    }
  }
}
