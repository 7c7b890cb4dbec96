import { WorkerPool, type WorkerPoolOptions } from './worker-pool'

/**
 * A pool a host started before it knew everything else, e.g. the CLI at its first line for
 * `scan --engine local`: the model loads on another core while the host loads its own modules
 * and opens the data folder (see docs/architecture.md §4). The first local engine built with the
 * same options takes it over; a host that ends up not needing it closes it.
 */
let early: { readonly key: string; readonly pool: WorkerPool } | null = null

const keyOf = (options: WorkerPoolOptions) => JSON.stringify(options)

export function prestartLocalPool(options: WorkerPoolOptions): void {
  if (early) return
  const pool = new WorkerPool(options)
  void pool.start()
  early = { key: keyOf(options), pool }
}

/** The prestarted pool when it was started with these options; the caller then owns it. */
export function adoptPrestartedPool(options: WorkerPoolOptions = {}): WorkerPool | null {
  if (early?.key !== keyOf(options)) return null
  const { pool } = early
  early = null
  return pool
}

/** Closes a prestarted pool nobody took over (the scan failed early, or used another engine). */
export async function closeUnadoptedPool(): Promise<void> {
  const left = early
  early = null
  await left?.pool.close()
}
