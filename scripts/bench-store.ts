// `npm run bench:store`: how much batching item inserts into one transaction buys, measured side
// by side in one run. This is why enqueueing (a dropped folder, a watch burst) goes through
// ItemsRepo.insertMany rather than one write per file. Then, over BENCH_QUERY_ITEMS (100,000)
// judged items, what a filter click costs: the first page of each sort and filter, select-all's
// ids and the facet counts, as ratios to an unfiltered newest-first page measured in the same run
// (docs/architecture.md §6, "Finding things").
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore } from '../src-main/core/store/sqlite/open-store'
import { benchQueries } from './bench-store-queries'
import type { NewItem } from '../src-main/core/store/ports/queue-store'

const COUNT = Number(process.env.BENCH_ITEMS ?? 5000)

function items(prefix: string): NewItem[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    sourceKind: 'file' as const,
    source: `/photos/${prefix}/${String(i)}.jpg`,
    engine: 'local' as const,
    scenes: ['porn', 'qrcode'] as const,
  }))
}

const dir = mkdtempSync(join(tmpdir(), 'greenlight-bench-store-'))
try {
  const store = await openStore(dir)

  let start = performance.now()
  await store.items.insertMany(items('batched'))
  const batchedMs = performance.now() - start

  start = performance.now()
  for (const item of items('single')) await store.items.insertMany([item])
  const singleMs = performance.now() - start

  start = performance.now()
  for (let offset = 0; offset < 2 * COUNT; offset += 200) await store.items.list(offset, 200, {})
  const pagingMs = performance.now() - start

  const rate = (ms: number) => ((COUNT / ms) * 1000).toFixed(0)
  console.log(`items: ${String(COUNT)} per run (BENCH_ITEMS to change)`)
  console.log(
    `insert, one transaction:      ${batchedMs.toFixed(0)} ms  (${rate(batchedMs)} items/s)`,
  )
  console.log(
    `insert, transaction per item: ${singleMs.toFixed(0)} ms  (${rate(singleMs)} items/s)`,
  )
  console.log(`ratio batched/per-item: ${(singleMs / batchedMs).toFixed(1)}x`)
  console.log(`page through ${String(2 * COUNT)} items, 200 a page: ${pagingMs.toFixed(0)} ms`)
  console.log(`rss: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`)
  await store.close()
  await benchQueries(join(dir, 'queries'))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
