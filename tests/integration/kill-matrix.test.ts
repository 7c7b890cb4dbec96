import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../src-shared/domain'
import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import {
  greenlight,
  greenScanArgs,
  processState,
  scanEnv,
  spawnGrouped,
  until,
} from '../fixtures/cli-process'
import { photoLikeJpeg, rng } from '../fixtures/images'
import { runCliInProcess } from '../fixtures/run-cli'

/**
 * kill -9 of the whole process group at random points of a Green scan, sync and async, then the
 * same command again at once (docs/architecture.md §4, "Leases"). Every other point leaves the
 * killed CLI a zombie its parent never reaps, as under a PID 1 that never reaps: the rerun must
 * not take it for alive. Each point: every image exported exactly once, none left in flight, and
 * the emulator judged at most one batch more than there are images (the batch in flight at the
 * kill, judged but never stored). GREENLIGHT_KILL_SEED replays a run's points.
 */

const IMAGES = 40
const BATCH = 5
const POINTS = 10
/** The CLI's lease (GREENLIGHT_LEASE_MS): long enough for a loaded machine to renew it in time. */
const LEASE_MS = 2_000
const SEED = Number(process.env.GREENLIGHT_KILL_SEED ?? Date.now() % 100_000)

type Mode = 'sync' | 'async'

/** Where a point kills: that many result lines in, or that long after the CLI said its engine. */
type KillAt = { readonly doneLines: number } | { readonly afterStartMs: number }

interface PointResult {
  readonly point: number
  readonly killAt: string
  readonly zombie: boolean
  readonly doneBeforeKill: number
  readonly items: number
  readonly exportedOnce: number
  readonly inFlight: number
  readonly scanned: number
}

const doneLines = (out: string) => out.split('\n').filter((line) => line.startsWith('done ')).length

function killPoints(mode: Mode): KillAt[] {
  const random = rng(SEED + (mode === 'sync' ? 1 : 2))
  return Array.from({ length: POINTS }, () =>
    random() < 0.3
      ? { afterStartMs: Math.floor(random() * 800) }
      : { doneLines: 1 + Math.floor(random() * (IMAGES - 2)) },
  )
}

async function writePhotos(folder: string, seed: number): Promise<void> {
  mkdirSync(folder)
  // Distinct seeds give distinct bytes, so no image is deduped against another by sha256.
  for (let i = 0; i < IMAGES; i++) {
    const name = `p-${String(i).padStart(2, '0')}.jpg`
    writeFileSync(join(folder, name), await photoLikeJpeg(48, 32, seed + i))
  }
}

/** One point: a fresh data folder, the killed run, the rerun at once, the export. */
async function runPoint(
  mode: Mode,
  emulator: RunningEmulator,
  photos: string,
  point: number,
  killAt: KillAt,
): Promise<PointResult> {
  const root = mkdtempSync(join(tmpdir(), `greenlight-kill-${mode}-`))
  const home = join(root, 'home')
  mkdirSync(home)
  const env = scanEnv(home, emulator, LEASE_MS)
  const args = greenScanArgs(emulator, [photos], { batch: BATCH, concurrency: 1, mode })
  const zombie = point % 2 === 0
  const before = emulator.stats.imagesScanned
  const cli = await spawnGrouped(env, args, !zombie)
  try {
    if ('doneLines' in killAt) await until(() => doneLines(cli.out()) >= killAt.doneLines)
    else {
      await until(() => cli.err().includes('Engine:'))
      await new Promise((resolve) => setTimeout(resolve, killAt.afterStartMs))
    }
    const doneBeforeKill = doneLines(cli.out())
    expect(cli.killGroup(), `the run ended before its kill point\n${cli.err()}`).toBe(true)
    if (zombie) {
      // Killed and not reaped: what a liveness check by PID would take for a running holder.
      await until(async () => (await processState(cli.pid)) === 'Z')
    } else await cli.parentExited

    const rerun = await greenlight(env, args)
    expect(rerun.code, rerun.err).toBe(0)
    expect(rerun.err).toMatch(
      new RegExp(`Scanned ${String(IMAGES)} image\\(s\\).*: ${String(IMAGES)} done`),
    )
    // The rerun ran and finished while the killed CLI was still a zombie.
    if (zombie) expect(await processState(cli.pid)).toBe('Z')
    const scanned = emulator.stats.imagesScanned - before

    const json = join(root, 'all.json')
    // In this process: the export reads the same folder, without another process's start-up.
    const exported = await runCliInProcess(['export', '--json', json], home)
    expect(exported.code, exported.stderr).toBe(0)
    const items = JSON.parse(readFileSync(json, 'utf8')) as Item[]
    const perSource = new Map<string, number>()
    for (const item of items) perSource.set(item.source, (perSource.get(item.source) ?? 0) + 1)
    return {
      point,
      killAt:
        'doneLines' in killAt
          ? `${String(killAt.doneLines)} done`
          : `${String(killAt.afterStartMs)} ms`,
      zombie,
      doneBeforeKill,
      items: items.length,
      exportedOnce: [...perSource.values()].filter((n) => n === 1).length,
      inFlight: items.filter((i) => !['done', 'failed', 'cancelled'].includes(i.state)).length,
      scanned,
    }
  } finally {
    cli.dispose()
  }
}

async function runMatrix(mode: Mode, emulator: RunningEmulator, photos: string) {
  const results: PointResult[] = []
  for (const [point, killAt] of killPoints(mode).entries()) {
    results.push(await runPoint(mode, emulator, photos, point, killAt))
  }
  console.log(
    `kill -9 matrix, ${mode}, seed ${String(SEED)}:\n` +
      'point | kill at | zombie | done before kill | items | exported once | in flight | emulator scans / images\n' +
      results
        .map(
          (r) =>
            `${String(r.point)} | ${r.killAt} | ${r.zombie ? 'yes' : 'no'} | ${String(r.doneBeforeKill)} | ${String(r.items)} | ${String(r.exportedOnce)} | ${String(r.inFlight)} | ${String(r.scanned)} / ${String(IMAGES)}`,
        )
        .join('\n'),
  )
  for (const r of results) {
    expect(r.items, `point ${String(r.point)}`).toBe(IMAGES)
    expect(r.exportedOnce, `point ${String(r.point)}`).toBe(IMAGES)
    expect(r.inFlight, `point ${String(r.point)}`).toBe(0)
    expect(r.scanned, `point ${String(r.point)}`).toBeGreaterThanOrEqual(IMAGES)
    expect(r.scanned, `point ${String(r.point)}`).toBeLessThanOrEqual(IMAGES + BATCH)
  }
}

describe.runIf(process.platform === 'linux')(
  'kill -9 of the process group at random points',
  () => {
    const emulators: RunningEmulator[] = []
    let root = ''

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'greenlight-kill-photos-'))
      await writePhotos(join(root, 'sync'), 3000)
      await writePhotos(join(root, 'async'), 4000)
    })

    afterAll(async () => {
      for (const emulator of emulators) await emulator.close()
    })

    // The two lanes run side by side, each against its own emulator (its scan count is per lane).
    it.concurrent('sync scans: each rerun exports every image once, none in flight', async () => {
      // Latency per request spreads the 8 batches over about a second, so kills land mid-run.
      const emulator = await startEmulator({ port: 0, latencyMs: 100, qps: 0 })
      emulators.push(emulator)
      await runMatrix('sync', emulator, join(root, 'sync'))
    })

    it.concurrent('async scans: each rerun collects every task, none submitted twice', async () => {
      const emulator = await startEmulator({ port: 0, latencyMs: 30, qps: 0, asyncDelayMs: 300 })
      emulators.push(emulator)
      await runMatrix('async', emulator, join(root, 'async'))
    })
  },
)
