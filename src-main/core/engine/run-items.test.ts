import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item, ItemState, Progress, Scene } from '../../../src-shared/domain'
import { appError, err, ok } from '../../../src-shared/result'
import { openStore, type Store } from '../store/open-store'
import { runItems } from './run-items'
import type { ScanEngine, ScanTask, TaskOutcome } from './scan-engine'

/** A scripted engine: the verdict depends on the file name, so each case is visible in the test. */
class FakeEngine implements ScanEngine {
  readonly id = 'local' as const
  readonly supportedScenes: readonly Scene[] = ['porn', 'qrcode']
  calls: ScanTask[] = []
  scan(tasks: readonly ScanTask[], scenes: readonly Scene[]) {
    this.calls.push(...tasks)
    const unsupported = scenes.filter((s) => !this.supportedScenes.includes(s))
    return Promise.resolve(
      tasks.some((t) => t.input.kind === 'file' && t.input.path.includes('outage'))
        ? err(appError('ENGINE_FAILED', 'models missing'))
        : ok(
            tasks.map((t): TaskOutcome => {
              const path = t.input.kind === 'file' ? t.input.path : ''
              if (path.includes('broken'))
                return { ok: false, dataId: t.dataId, error: appError('IMAGE_CORRUPT', 'broken') }
              return {
                ok: true,
                dataId: t.dataId,
                unsupported,
                results: [
                  { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99 },
                  path.includes('qr')
                    ? {
                        scene: 'qrcode',
                        label: 'qrcode',
                        suggestion: 'review',
                        rate: 100,
                        extras: { qrcodeData: ['x'] },
                      }
                    : { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 90 },
                ],
              }
            }),
          ),
    )
  }
  close() {
    return Promise.resolve()
  }
}

let dir = ''
let store: Store
const announced: Item[] = []
const progress: Progress[] = []
const events = {
  itemsChanged: (items: readonly Item[]) => announced.push(...items),
  progressChanged: (p: Progress) => progress.push(p),
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-run-'))
  store = await openStore(join(dir, 'data'))
  for (const name of ['plain.jpg', 'qr.jpg', 'broken.jpg', 'outage.jpg'])
    await writeFile(join(dir, name), name)
})
afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

async function add(names: string[], scenes: Scene[] = ['porn', 'qrcode']) {
  return store.items.insertMany(
    names.map((n) => ({
      sourceKind: 'file' as const,
      source: join(dir, n),
      engine: 'local' as const,
      scenes,
    })),
  )
}

describe('runItems', () => {
  it('takes items through hashing and scanning to done, persisting each step before announcing it', async () => {
    const [plain, qr] = await add(['plain.jpg', 'qr.jpg'], ['porn', 'qrcode', 'ad'])
    announced.length = 0
    const seen: number[] = []
    const done = await runItems({ store, events }, new FakeEngine(), [plain!.id, qr!.id], {
      onItemFinished: (i) => seen.push(i.id),
    })
    expect(done.map((i) => [i.state, i.suggestion])).toEqual([
      ['done', 'pass'],
      ['done', 'review'],
    ])
    expect(seen.sort()).toEqual([plain!.id, qr!.id].sort())
    const stored = await store.items.get(qr!.id)
    expect(stored).toMatchObject({
      state: 'done',
      suggestion: 'review',
      unsupportedScenes: ['ad'],
      dataId: String(qr!.id),
    })
    expect(stored?.sha256).toBe(createHash('sha256').update('qr.jpg').digest('hex'))
    expect(stored?.results[1]?.extras?.qrcodeData).toEqual(['x'])
    const states = announced.filter((i) => i.id === qr!.id).map((i) => i.state)
    expect(states).toEqual<ItemState[]>(['hashing', 'scanning', 'done'])
    expect(progress.at(-1)).toMatchObject({ done: 2, review: 1 })
  })

  it('fails an item on its own error, and every item on a request-level error', async () => {
    const [broken, outage, plain] = await add(['broken.jpg', 'outage.jpg', 'plain.jpg'])
    const items = await runItems(
      { store, events },
      new FakeEngine(),
      [broken!.id, outage!.id, plain!.id],
      { concurrency: 1 },
    )
    expect(items.map((i) => [i.state, i.error?.code ?? null])).toEqual([
      ['failed', 'IMAGE_CORRUPT'],
      ['failed', 'ENGINE_FAILED'],
      ['done', null],
    ])
  })

  it('cancels what has not started once the signal is aborted, and skips finished items', async () => {
    const [a, b] = await add(['plain.jpg', 'qr.jpg'])
    const controller = new AbortController()
    const engine = new FakeEngine()
    const items = await runItems({ store, events }, engine, [a!.id, b!.id], {
      concurrency: 1,
      signal: controller.signal,
      onItemFinished: () => {
        controller.abort()
      },
    })
    expect(items.map((i) => i.state)).toEqual(['done', 'cancelled'])
    expect((await store.items.get(b!.id))?.error?.code).toBe('CANCELLED')
    const again = await runItems({ store, events }, engine, [a!.id])
    expect(again[0]?.state).toBe('done')
    expect(engine.calls).toHaveLength(1)
  })
})
