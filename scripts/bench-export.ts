// `npm run bench:export`: exports 100,000 stored items from the app's API (export:run, CSV) while
// another caller keeps asking for the first page of the queue (items:list), as the UI would.
// Prints the export's time and rate, and the queue call's latency during the export next to the
// same calls with nothing else running, measured side by side in one run.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createApi } from '../src-main/core/api'
import { dispatch } from '../src-main/core/api-dispatch'
import { AppCore } from '../src-main/core/app-core'
import { MemoryCredentialStore } from '../src-main/core/credentials/memory-credential-store'
import { sqliteDatabaseOf } from '../src-main/core/store/sqlite/open-store'
import { ScriptedPorts } from '../tests/harness/scripted-dialogs'

const COUNT = Number(process.env.BENCH_ITEMS ?? 100_000)
const dir = mkdtempSync(join(tmpdir(), 'greenlight-bench-export-'))

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

const ms = (n: number) => `${n.toFixed(1)} ms`

try {
  const ports = new ScriptedPorts()
  const core = await AppCore.open({
    dataDir: join(dir, 'data'),
    host: 'harness',
    env: {},
    credentialStore: new MemoryCredentialStore(),
    ports,
  })
  core.scan.pause()
  const api = createApi(core)
  const start = performance.now()
  for (let i = 0; i < COUNT; i += 10_000) {
    const items = await core.store.items.insertMany(
      Array.from({ length: Math.min(10_000, COUNT - i) }, (_, k) => ({
        sourceKind: 'file' as const,
        source: `/photos/${String(i + k)}.jpg`,
        engine: 'local' as const,
        scenes: ['porn', 'qrcode'] as const,
      })),
    )
    // Straight to the file: the verdicts are made up, faster than the queue could set them.
    const db = sqliteDatabaseOf(core.store)
    await db.write(async () => {
      for (const item of items) {
        await db.run(
          `UPDATE items SET state = 'done', suggestion = 'pass', sha256 = ?, results = ? WHERE id = ?`,
          [
            item.id.toString(16).padStart(64, '0'),
            JSON.stringify([
              { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99.1 },
              { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 99 },
            ]),
            item.id,
          ],
        )
      }
    })
  }
  console.log(
    `items: ${String(COUNT)} stored in ${ms(performance.now() - start)} (BENCH_ITEMS to change)`,
  )

  const listOnce = async () => {
    const at = performance.now()
    const page = await dispatch(api, 'items:list', { offset: 0, limit: 100, filter: {} })
    if (!page.ok) throw new Error(page.error.message)
    return performance.now() - at
  }

  const idle: number[] = []
  for (let i = 0; i < 200; i++) idle.push(await listOnce())

  const file = join(dir, 'all.csv')
  ports.answerNext('saveFile', file)
  const exporting = { done: false }
  const exportStart = performance.now()
  const running = dispatch(api, 'export:run', { format: 'csv', scope: { kind: 'all' } }).finally(
    () => {
      exporting.done = true
    },
  )
  const during: number[] = []
  while (!exporting.done) {
    const latency = await listOnce()
    // Only calls answered while the export was still running count.
    if (!(exporting.done as boolean)) during.push(latency)
  }
  const result = await running
  const exportMs = performance.now() - exportStart
  if (!result.ok) throw new Error(result.error.message)

  console.log(
    `export:run, CSV, ${String(COUNT)} items: ${ms(exportMs)} (${((COUNT / exportMs) * 1000).toFixed(0)} items/s), ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`,
  )
  console.log(`items:list answered during the export: ${String(during.length)} calls`)
  console.log(
    `items:list latency idle:         median ${ms(percentile(idle, 50))}, p95 ${ms(percentile(idle, 95))}, max ${ms(Math.max(...idle))}`,
  )
  console.log(
    `items:list latency during export: median ${ms(percentile(during, 50))}, p95 ${ms(percentile(during, 95))}, max ${ms(Math.max(0, ...during))}`,
  )
  console.log(
    `ratio during/idle (median): ${(percentile(during, 50) / percentile(idle, 50)).toFixed(1)}x`,
  )
  await core.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
