import { randomUUID } from 'node:crypto'

/** How long the first chunks of an add wait for their last one. */
const TTL_MS = 10 * 60_000
/** One add at a time per window is the norm; a few allow for two windows or hosts. */
const MAX_STAGED = 4
/** A million paths: far above any real drop, far below what would strain main's memory. */
const MAX_PATHS = 1_000_000

/**
 * The first chunks of an add too large for one message (a 100,000-path drop is tens of MiB),
 * held by an opaque id until the last chunk arrives, so the whole add is priced, asked about and
 * queued once, exactly as a small one (scan:stage-paths, then scan:plan-paths with the id).
 */
export class StagedInputs {
  private readonly staged = new Map<string, { paths: string[]; at: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Appends to a staged add (or starts one): its id, or null when it is unknown or too large. */
  append(stageId: string | undefined, paths: readonly string[]): string | null {
    this.expire()
    const id = stageId ?? randomUUID()
    const entry = stageId === undefined ? { paths: [], at: this.now() } : this.staged.get(stageId)
    if (!entry || entry.paths.length + paths.length > MAX_PATHS) {
      if (stageId !== undefined) this.staged.delete(stageId)
      return null
    }
    entry.paths.push(...paths)
    entry.at = this.now()
    this.staged.set(id, entry)
    for (const old of this.staged.keys()) {
      if (this.staged.size <= MAX_STAGED) break
      this.staged.delete(old)
    }
    return id
  }

  /** The staged paths, removed, or null when the id is unknown or has expired. */
  take(stageId: string): string[] | null {
    this.expire()
    const entry = this.staged.get(stageId)
    this.staged.delete(stageId)
    return entry?.paths ?? null
  }

  private expire(): void {
    const cutoff = this.now() - TTL_MS
    for (const [id, entry] of this.staged) if (entry.at < cutoff) this.staged.delete(id)
  }
}
