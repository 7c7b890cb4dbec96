// The query half of `npm run bench:store`: a filter click at 100,000 items. See bench-store.ts.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { ItemFilter, ItemSort } from '../src-shared/domain'
import { Database } from '../src-main/core/store/sqlite/database'
import { DATABASE_FILE, openStore } from '../src-main/core/store/sqlite/open-store'

const COUNT = Number(process.env.BENCH_QUERY_ITEMS ?? 100_000)
const DAY = 24 * 3600 * 1000

/**
 * COUNT items in one statement, spread the way a real queue is: mostly judged, some queued,
 * failed or cancelled; porn rates over the whole range, a few QR codes, corrections and URLs;
 * twenty folders, one of them watched; added over the last 30 days.
 */
async function fill(dir: string, now: number): Promise<void> {
  const db = await Database.open(join(dir, DATABASE_FILE))
  const rate = '((i * 7919) % 1000) / 10.0'
  const porn = `CASE WHEN ${rate} > 95 THEN 'block' WHEN ${rate} > 80 THEN 'review' ELSE 'pass' END`
  const qr = `CASE WHEN i % 37 = 0 THEN 'review' ELSE 'pass' END`
  await db.write(() =>
    db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO items (source_kind, source, engine, scenes, state, suggestion, results, feedback,
         created_at, updated_at, scanned_at)
       SELECT
         CASE WHEN i % 50 = 0 THEN 'url' ELSE 'file' END,
         CASE WHEN i % 50 = 0 THEN 'https://img.example/' || i || '.jpg'
           ELSE '/photos/folder' || (i % 20) || '/IMG_' || i || '.jpg' END,
         CASE WHEN i % 3 = 0 THEN 'green' ELSE 'local' END, '["porn","qrcode"]',
         CASE WHEN i % 20 < 16 THEN 'done' WHEN i % 20 < 18 THEN 'queued'
           WHEN i % 20 = 18 THEN 'failed' ELSE 'cancelled' END,
         CASE WHEN i % 20 < 16 THEN
           CASE WHEN ${porn} = 'block' THEN 'block' WHEN ${porn} = 'review' OR ${qr} = 'review'
             THEN 'review' ELSE 'pass' END END,
         CASE WHEN i % 20 < 16 THEN json_array(
           json_object('scene', 'porn', 'suggestion', ${porn}, 'rate', ${rate}, 'label',
             CASE ${porn} WHEN 'block' THEN 'porn' WHEN 'review' THEN 'sexy' ELSE 'normal' END),
           json_object('scene', 'qrcode', 'suggestion', ${qr}, 'rate', 90, 'label',
             CASE ${qr} WHEN 'review' THEN 'qrcode' ELSE 'normal' END)) ELSE '[]' END,
         CASE WHEN i % 101 = 0 AND i % 20 < 16 THEN json_object('corrections', json_array(
           json_object('scene', 'porn', 'suggestion', 'pass', 'label', NULL)),
           'note', NULL, 'at', ?, 'sentTo', 'local') END,
         ? - (? - i) * (30 * ? / ?), ?, CASE WHEN i % 20 < 16 THEN ? - (? - i) * (30 * ? / ?) END
       FROM n`,
      [COUNT, now, now, COUNT, DAY, COUNT, now, now, COUNT, DAY, COUNT],
    ),
  )
  await db.close()
}

/** The median of `runs` timings after one warm-up: loaded machines make single runs noisy. */
async function time(work: () => Promise<unknown>, runs = 5): Promise<number> {
  await work()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await work()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0
}

export async function benchQueries(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const now = Date.now()
  const setup = await openStore(dir)
  const folder = await setup.watch.folders.upsert('/photos/folder3')
  await setup.close()
  const start = performance.now()
  await fill(dir, now)
  const fillMs = performance.now() - start
  const store = await openStore(dir)
  const page =
    (filter: ItemFilter, sort: ItemSort = 'newest') =>
    () =>
      store.items.list(0, 200, filter, sort)
  // Reads everything once, so the baseline is not the one to pay for a cold page cache.
  await store.items.facets({})
  await store.items.ids({}, 'name')
  const base = await time(page({}), 9)
  const cases: [string, () => Promise<unknown>][] = [
    ['sort oldest', page({}, 'oldest')],
    ['sort name', page({}, 'name')],
    ['sort risk', page({}, 'risk')],
    ['suggestion block', page({ suggestions: ['block'] })],
    ['state failed', page({ states: ['failed'] })],
    ['scene qrcode', page({ scene: 'qrcode' })],
    ['label sexy, risk', page({ label: 'sexy' }, 'risk')],
    ['corrected', page({ corrected: true })],
    ['search "IMG_4242"', page({ search: 'IMG_4242' })],
    ['watched folder', page({ watchedFolderId: folder.id })],
    ['last 7 days, name', page({ from: now - 7 * DAY }, 'name')],
    ['review + porn, risk', page({ suggestions: ['review'], scene: 'porn' }, 'risk')],
    ['ids, all (select-all)', () => store.items.ids({})],
    ['ids, block by risk', () => store.items.ids({ suggestions: ['block'] }, 'risk')],
    ['facets, no filter', () => store.items.facets({})],
    [
      'facets, review + folder',
      () => store.items.facets({ suggestions: ['review'], watchedFolderId: folder.id }),
    ],
  ]
  console.log(
    `\nqueries over ${String(COUNT)} items (BENCH_QUERY_ITEMS to change), filled in ${fillMs.toFixed(0)} ms`,
  )
  console.log(`first page (200), no filter, newest: ${base.toFixed(1)} ms  (1.0x, the baseline)`)
  for (const [name, work] of cases) {
    const ms = await time(work)
    console.log(`${name.padEnd(36)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / base).toFixed(1)}x`)
  }
  await store.close()
}
