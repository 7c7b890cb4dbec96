import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../src-shared/domain'
import { ok } from '../../src-shared/result'
import { AppCore } from './app-core'
import { MemoryCredentialStore } from './credentials/memory-credential-store'
import type { ScanEngine } from './engines/scan-engine'

let dir = ''
let core: AppCore | null = null
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-scan-run-'))
})
afterEach(async () => {
  await core?.close()
  core = null
  await rm(dir, { recursive: true, force: true })
})

async function open(): Promise<AppCore> {
  core = await AppCore.open({
    dataDir: join(dir, 'data'),
    host: 'cli',
    credentialStore: new MemoryCredentialStore(),
    env: {},
  })
  return core
}

/** Blocks files named block*, passes the rest; counts the engines built and closed. */
function engine(counts: { built: number; closed: number }): ScanEngine {
  counts.built++
  return {
    id: 'local',
    supportedScenes: ['porn'],
    scan: (tasks) =>
      Promise.resolve(
        ok(
          tasks.map((t) => {
            const block = t.input.kind === 'file' && t.input.path.includes('block')
            return {
              ok: true as const,
              dataId: t.dataId,
              results: [
                {
                  scene: 'porn' as const,
                  label: block ? 'porn' : 'normal',
                  suggestion: block ? ('block' as const) : ('pass' as const),
                  rate: 99,
                },
              ],
              unsupported: [],
            }
          }),
        ),
      ),
    close: () => {
      counts.closed++
      return Promise.resolve()
    },
  }
}

describe('AppCore.scanRun', () => {
  it('reports in order (prepared, enqueued, each item), counts the run, and hands its engine over', async () => {
    const files = ['a.jpg', 'block-b.jpg', 'c.jpg'].map((n) => join(dir, n))
    for (const [i, file] of files.entries()) await writeFile(file, `bytes ${String(i)}`)
    const core = await open()
    const counts = { built: 0, closed: 0 }
    const seen: string[] = []
    const items: Item[] = []
    const run = await core.scanRun({
      inputs: [...files, join(dir, 'missing.jpg')],
      overrides: {
        engine: 'local',
        scenes: ['porn', 'qrcode'],
        createEngine: () => Promise.resolve(ok(engine(counts))),
      },
      onPrepared: (prepared) => {
        seen.push(`prepared ${prepared.engine} unsupported=${prepared.unsupportedScenes.join(',')}`)
      },
      onEnqueued: (enqueued) => {
        seen.push(
          `enqueued ${String(enqueued.queued.length)} failed=${String(enqueued.failed.length)}`,
        )
      },
      onItem: (item) => {
        items.push(item)
      },
    })
    if (!run.ok || run.value.kind !== 'scanned') throw new Error('expected a scan')
    expect(seen).toEqual(['prepared local unsupported=qrcode', 'enqueued 3 failed=1'])
    expect(items.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    expect(run.value.summary).toEqual({
      total: 4,
      done: 3,
      block: 1,
      review: 0,
      failed: 1,
      cancelled: 0,
      owed: 0,
      unfinished: 0,
      elsewhere: 0,
    })
    // The engine built first to check the account is the one that scanned: built once.
    expect(counts.built).toBe(1)
  })

  it('warms the engine up before storing local files, and not for URLs or a dry run', async () => {
    await writeFile(join(dir, 'a.jpg'), 'bytes')
    const core = await open()
    const warmed: string[] = []
    const warming = (label: string) => () => {
      const built: ScanEngine = {
        ...engine({ built: 0, closed: 0 }),
        warmUp: () => {
          warmed.push(label)
        },
      }
      return Promise.resolve(ok(built))
    }
    let enqueuedAfterWarmUp: string[] = []
    await core.scanRun({
      inputs: [join(dir, 'a.jpg')],
      overrides: { engine: 'local', createEngine: warming('file') },
      onEnqueued: () => {
        enqueuedAfterWarmUp = [...warmed]
      },
    })
    await core.scanRun({
      inputs: ['https://images.example.com/a.jpg'],
      overrides: { engine: 'local', createEngine: warming('url') },
    })
    await core.scanRun({
      inputs: [join(dir, 'a.jpg')],
      dryRun: true,
      overrides: { engine: 'local', createEngine: warming('dry run') },
    })
    // Started before the inputs were stored: its round trip overlaps the enqueue and hashing.
    expect(enqueuedAfterWarmUp).toEqual(['file'])
    expect(warmed).toEqual(['file'])
  })

  it('a Green run without an account is an error before anything is stored', async () => {
    await writeFile(join(dir, 'a.jpg'), 'bytes')
    const core = await open()
    let enqueued = false
    const run = await core.scanRun({
      inputs: [join(dir, 'a.jpg')],
      overrides: { engine: 'green' },
      onEnqueued: () => {
        enqueued = true
      },
    })
    expect(!run.ok && run.error.code).toBe('CREDENTIALS_MISSING')
    expect(enqueued).toBe(false)
    expect((await core.store.items.progress()).total).toBe(0)
  })

  it('a dry run prices the inputs, stores nothing and closes the engine it built', async () => {
    await writeFile(join(dir, 'a.jpg'), 'bytes')
    const core = await open()
    const counts = { built: 0, closed: 0 }
    const run = await core.scanRun({
      inputs: [join(dir, 'a.jpg')],
      dryRun: true,
      overrides: { engine: 'local', createEngine: () => Promise.resolve(ok(engine(counts))) },
    })
    if (!run.ok || run.value.kind !== 'planned') throw new Error('expected a plan')
    expect(run.value.plan.estimate.engine).toBe('local')
    expect(counts).toEqual({ built: 1, closed: 1 })
    expect((await core.store.items.progress()).total).toBe(0)
  })
})
