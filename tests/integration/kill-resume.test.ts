import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../src-shared/domain'
import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import { photoLikeJpeg } from '../fixtures/images'

/**
 * Issue 5, "Resume": kill -9 the CLI mid-scan, run the same command again, and the batch
 * completes with every image exactly once and nothing that had finished scanned again.
 */

const IMAGES = 150
const BATCH = 5
const CONCURRENCY = 2
/** Result lines to wait for before the kill: well into the run, far from its end. */
const KILL_AFTER = 20

interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  out: string
  err: string
}

/** Only the emulator's key: no other ALIBABA_* variable from the developer's shell leaks in. */
function scanEnv(home: string, emulator: RunningEmulator): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('ALIBABA_')) env[key] = value
  }
  env.GREENLIGHT_HOME = home
  env.ALIBABA_CLOUD_ACCESS_KEY_ID = emulator.accessKeyId
  env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = emulator.accessKeySecret
  return env
}

/**
 * Spawns the built CLI asynchronously (spawnSync would block the emulator's event loop, which
 * runs in this process). `onOut` sees stdout as it grows and may return true to SIGKILL it.
 */
function greenlight(
  env: NodeJS.ProcessEnv,
  args: string[],
  onOut?: (out: string) => boolean,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/greenlight.js', ...args], { env })
    let out = ''
    let err = ''
    let killed = false
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      if (!killed && onOut?.(out) === true) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      resolve({ code, signal, out, err })
    })
    child.stdin.end()
  })
}

/** `greenlight scan <folder>` on the emulator with Green, porn only, in batches of BATCH. */
function scanArgs(folder: string, endpoint: string, concurrency: number, ...extra: string[]) {
  return [
    'scan',
    folder,
    '--engine',
    'green',
    '--endpoint',
    endpoint,
    '--scenes',
    'porn',
    '--batch',
    String(BATCH),
    '--concurrency',
    String(concurrency),
    ...extra,
  ]
}

const doneLines = (out: string) => out.split('\n').filter((line) => line.startsWith('done '))

describe('greenlight scan survives kill -9', () => {
  let emulator: RunningEmulator
  let home: string
  let photos: string
  let exports: string

  beforeAll(async () => {
    // Latency per request makes the scan take several seconds (150 images / 10 in flight ×
    // 150 ms), so the kill lands mid-run; qps 0 keeps 588 retries out of the scan count.
    emulator = await startEmulator({ port: 0, latencyMs: 150, qps: 0 })
    const root = mkdtempSync(join(tmpdir(), 'greenlight-kill-'))
    home = join(root, 'home')
    photos = join(root, 'photos')
    exports = join(root, 'exports')
    for (const dir of [home, photos, exports]) mkdirSync(dir)
    // Distinct seeds give distinct bytes, so no image is deduped against another by sha256.
    for (let i = 0; i < IMAGES; i++) {
      const name = `photo-${String(i).padStart(3, '0')}.jpg`
      writeFileSync(join(photos, name), await photoLikeJpeg(64, 48, 1000 + i))
    }
  })

  afterAll(async () => {
    await emulator.close()
  })

  it('is killed mid-run, completes on the rerun, and exports every image exactly once', async () => {
    const env = scanEnv(home, emulator)
    const args = scanArgs(photos, emulator.endpoint, CONCURRENCY)

    const killed = await greenlight(env, args, (out) => doneLines(out).length >= KILL_AFTER)
    expect(killed.signal, `${killed.err}\n${killed.out}`).toBe('SIGKILL')
    const doneBeforeKill = doneLines(killed.out).length
    // The kill must land mid-run, or this test proves nothing about resuming.
    expect(doneBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER)
    expect(doneBeforeKill).toBeLessThan(IMAGES)
    const scannedAtKill = emulator.stats.imagesScanned

    const rerun = await greenlight(env, args)
    expect(rerun.code, rerun.err).toBe(0)
    // Every image announced done before the kill was stored first, so the rerun reuses it.
    const reused = /(\d+) image\(s\) were already scanned/.exec(rerun.err)
    expect(reused, rerun.err).not.toBeNull()
    expect(Number(reused?.[1])).toBeGreaterThanOrEqual(doneBeforeKill)
    expect(rerun.err).toMatch(
      new RegExp(`Scanned ${String(IMAGES)} image\\(s\\).*: ${String(IMAGES)} done`),
    )

    const json = join(exports, 'all.json')
    const csv = join(exports, 'all.csv')
    for (const args of [
      ['export', '--json', json],
      ['export', '--csv', csv],
    ]) {
      const exported = await greenlight(env, args)
      expect(exported.code, exported.err).toBe(0)
    }
    const items = JSON.parse(readFileSync(json, 'utf8')) as { source: string; state: string }[]
    expect(items).toHaveLength(IMAGES)
    expect(new Set(items.map((i) => i.source)).size).toBe(IMAGES)
    expect(items.filter((i) => i.state !== 'done')).toEqual([])
    const expected = Array.from(
      { length: IMAGES },
      (_, i) => `photo-${String(i).padStart(3, '0')}.jpg`,
    )
    expect(items.map((i) => i.source.split(/[\\/]/).pop()).sort()).toEqual(expected)
    // The CSV too: a header, then one row per image (no field here holds a newline).
    const rows = readFileSync(csv, 'utf8').trim().split(/\r?\n/).slice(1)
    expect(rows).toHaveLength(IMAGES)
    for (const name of expected) expect(rows.filter((r) => r.includes(`/${name},`))).toHaveLength(1)

    // Nothing finished is scanned again. The emulator counts an image when it answers its scan
    // request, and the CLI keeps at most CONCURRENCY requests of BATCH images in flight. At the
    // kill those (≤ CONCURRENCY × BATCH = 10) may have been judged by the emulator (it still
    // answers after the client died) but not stored, so they are the only ones scanned twice.
    // Anything more means a finished image went through Green again, and was billed twice.
    const inFlightBound = CONCURRENCY * BATCH
    expect(scannedAtKill).toBeGreaterThanOrEqual(doneBeforeKill)
    expect(emulator.stats.imagesScanned).toBeGreaterThanOrEqual(IMAGES)
    expect(emulator.stats.imagesScanned).toBeLessThanOrEqual(IMAGES + inFlightBound)
  })

  it('in async mode, is killed while polling and the rerun collects every task without submitting again', async () => {
    // Async results are ready 2 s after submission: all 60 are submitted long before the first
    // verdict (and so before the kill), and many are still owed one when the process dies.
    const asyncEmulator = await startEmulator({
      port: 0,
      latencyMs: 20,
      qps: 0,
      asyncDelayMs: 2_000,
    })
    const count = 60
    const root = mkdtempSync(join(tmpdir(), 'greenlight-kill-async-'))
    const asyncHome = join(root, 'home')
    const asyncPhotos = join(root, 'photos')
    for (const dir of [asyncHome, asyncPhotos]) mkdirSync(dir)
    for (let i = 0; i < count; i++) {
      writeFileSync(
        join(asyncPhotos, `a-${String(i).padStart(2, '0')}.jpg`),
        await photoLikeJpeg(64, 48, 5000 + i),
      )
    }
    try {
      const env = scanEnv(asyncHome, asyncEmulator)
      const args = [
        'scan',
        asyncPhotos,
        '--engine',
        'green',
        '--endpoint',
        asyncEmulator.endpoint,
        '--scenes',
        'porn',
        '--mode',
        'async',
        '--batch',
        String(BATCH),
        '--concurrency',
        String(CONCURRENCY),
      ]
      const killed = await greenlight(env, args, (out) => doneLines(out).length >= 1)
      expect(killed.signal, `${killed.err}\n${killed.out}`).toBe('SIGKILL')
      const submittedAtKill = asyncEmulator.stats.imagesScanned
      expect(submittedAtKill).toBe(count)
      expect(doneLines(killed.out).length).toBeLessThan(count)

      const rerun = await greenlight(env, args)
      expect(rerun.code, rerun.err).toBe(0)
      expect(rerun.err).toMatch(
        new RegExp(`Scanned ${String(count)} image\\(s\\).*: ${String(count)} done`),
      )
      // Resumed polling: not one image was submitted (or billed) a second time.
      expect(asyncEmulator.stats.imagesScanned).toBe(submittedAtKill)
      expect(asyncEmulator.stats.requests['/green/image/results']).toBeGreaterThan(0)

      const json = join(root, 'all.json')
      expect((await greenlight(env, ['export', '--json', json])).code).toBe(0)
      const items = JSON.parse(readFileSync(json, 'utf8')) as { state: string; taskId: string }[]
      expect(items).toHaveLength(count)
      expect(items.filter((i) => i.state !== 'done')).toEqual([])
      expect(new Set(items.map((i) => i.taskId)).size).toBe(count)
    } finally {
      await asyncEmulator.close()
    }
  })

  it('a queued file replaced by a FIFO after the kill fails alone on the rerun, which completes instead of hanging in open()', async () => {
    const count = 40
    const root = mkdtempSync(join(tmpdir(), 'greenlight-kill-fifo-'))
    const fifoHome = join(root, 'home')
    const fifoPhotos = join(root, 'photos')
    for (const dir of [fifoHome, fifoPhotos]) mkdirSync(dir)
    const name = (i: number) => `f-${String(i).padStart(2, '0')}.jpg`
    for (let i = 0; i < count; i++) {
      writeFileSync(join(fifoPhotos, name(i)), await photoLikeJpeg(64, 48, 7000 + i))
    }
    const env = scanEnv(fifoHome, emulator)
    const args = scanArgs(fifoPhotos, emulator.endpoint, 1)
    const killed = await greenlight(env, args, (out) => doneLines(out).length >= 5)
    expect(killed.signal, `${killed.err}\n${killed.out}`).toBe('SIGKILL')
    expect(doneLines(killed.out).length).toBeLessThan(count)
    // The last file was still queued: it becomes a named pipe nobody writes to.
    const last = join(fifoPhotos, name(count - 1))
    rmSync(last)
    execFileSync('mkfifo', [last])

    // The rerun's own inputs (the FIFO is no longer one) all end done; it exits instead of hanging.
    const rerun = await greenlight(env, args)
    expect(rerun.code, rerun.err).toBe(0)
    const json = join(root, 'all.json')
    expect((await greenlight(env, ['export', '--json', json])).code).toBe(0)
    const items = JSON.parse(readFileSync(json, 'utf8')) as Item[]
    expect(items).toHaveLength(count)
    const failed = items.filter((i) => i.state !== 'done')
    expect(failed.map((i) => [i.source, i.state, i.error?.code])).toEqual([
      [last, 'failed', 'NOT_A_FILE'],
    ])
    expect(failed[0]?.error?.message).toMatch(/named pipe/)
  })
})
