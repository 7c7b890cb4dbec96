import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ok } from '../../src-shared/result'
import { AppCore } from './app-core'
import { MemoryCredentialStore } from './credentials/memory-credential-store'
import type { ScanEngine } from './engines/scan-engine'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-core-lock-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const open = () =>
  AppCore.open({ dataDir: dir, host: 'cli', credentialStore: new MemoryCredentialStore(), env: {} })

const instant: ScanEngine = {
  id: 'local',
  supportedScenes: ['porn'],
  scan: (tasks) =>
    Promise.resolve(
      ok(
        tasks.map((t) => ({
          ok: true as const,
          dataId: t.dataId,
          results: [
            { scene: 'porn' as const, label: 'normal', suggestion: 'pass' as const, rate: 99 },
          ],
          unsupported: [],
        })),
      ),
    ),
  close: () => Promise.resolve(),
}

describe('two processes on one data folder', () => {
  it('only the folder holder recovers items left mid-flight; the other leaves them alone', async () => {
    const first = await open()
    expect(first.sharesDataDir).toBe(false)
    // An item the first process is working on right now.
    const [item] = await first.store.items.insertMany([
      { sourceKind: 'url', source: 'https://example.com/a.jpg', engine: 'local', scenes: ['porn'] },
    ])
    await first.store.items.update(item!.id, { state: 'scanning' })

    const second = await open()
    expect(second.sharesDataDir).toBe(true)
    second.scan.setOverrides({ createEngine: () => Promise.resolve(ok(instant)) })
    second.scan.start()
    await second.scan.whenSettled()
    // Not a crash leftover: still the first process's.
    expect((await second.store.items.get(item!.id))?.state).toBe('scanning')
    await second.close()
    await first.close()

    // The first process is gone with the item mid-flight: the next holder recovers it.
    const third = await open()
    expect(third.sharesDataDir).toBe(false)
    third.scan.setOverrides({ createEngine: () => Promise.resolve(ok(instant)) })
    third.scan.start()
    await third.scan.whenSettled()
    expect((await third.store.items.get(item!.id))?.state).toBe('done')
    await third.close()
  })
})
