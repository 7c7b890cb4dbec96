import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { itemNote } from '../../src-shared/domain'
import type { EventChannel } from '../../src-shared/ipc'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { createApi } from './api'
import { dispatch } from './api-dispatch'

const FINISHED = itemNote('cache-reused', {})

let opened: TestCore
beforeEach(async () => {
  opened = await openAppCore({ host: 'cli' })
})
afterEach(() => opened.close())

// Scenes the local engine cannot judge: items finish (as unsupported) without loading a model.
const OFFLINE_SCENES = ['terrorism'] as const

describe('queue over the API', () => {
  it('pauses, resumes, cancels and retries through IPC, and announces queue:changed', async () => {
    const { core, dir } = opened
    const api = createApi(core)
    const seen: { event: EventChannel; state?: string }[] = []
    core.events.subscribe((event, payload) => {
      seen.push({
        event,
        ...(event === 'queue:changed' ? { state: (payload as { state: string }).state } : {}),
      })
    })
    expect(await dispatch(api, 'queue:get', undefined)).toMatchObject({
      ok: true,
      value: { state: 'idle', error: null, inFlight: 0, engines: [] },
    })
    expect(await dispatch(api, 'scan:pause', undefined)).toMatchObject({
      value: { state: 'paused' },
    })
    await core.addPaths([join(dir, 'a.jpg'), join(dir, 'b.jpg')], 'local', [...OFFLINE_SCENES])
    // Paused: nothing moves.
    expect((await core.store.items.progress()).queued).toBe(2)

    const cancelled = await dispatch(api, 'scan:cancel', undefined)
    expect(cancelled).toMatchObject({ ok: true, value: { state: 'paused' } })
    expect((await core.store.items.progress()).cancelled).toBe(2)

    await core.store.items.transitionAll(['cancelled'], { state: 'failed' })
    await dispatch(api, 'scan:resume', undefined)
    await dispatch(api, 'scan:retry-failed', undefined)
    await core.scan.whenSettled()
    expect(await core.store.items.progress()).toMatchObject({ done: 2, failed: 0 })
    const states = seen.filter((e) => e.event === 'queue:changed').map((e) => e.state)
    // How many running/idle rounds resume and retry make depends on timing; the shape does not.
    expect(states[0]).toBe('paused')
    expect(states).toContain('running')
    expect(states.at(-1)).toBe('idle')
    expect(states.filter((s, i) => s === states[i - 1])).toEqual([])
  })

  it('queues cancelled images again, and scans them', async () => {
    const { core, dir } = opened
    const api = createApi(core)
    await dispatch(api, 'scan:pause', undefined)
    await core.addPaths([join(dir, 'a.jpg'), join(dir, 'b.jpg')], 'local', [...OFFLINE_SCENES])
    await dispatch(api, 'scan:cancel', undefined)
    expect((await core.store.items.progress()).cancelled).toBe(2)
    await dispatch(api, 'scan:resume', undefined)
    expect(await dispatch(api, 'scan:requeue-cancelled', undefined)).toMatchObject({ ok: true })
    await core.scan.whenSettled()
    expect(await core.store.items.progress()).toMatchObject({ done: 2, cancelled: 0 })
  })

  it('the app resumes after a crash: items left mid-scan are completed when AppCore opens', async () => {
    const first = opened.core
    const items = await first.store.items.insertMany(
      ['x.jpg', 'y.jpg', 'z.jpg'].map((n) => ({
        sourceKind: 'file' as const,
        source: join(opened.dir, n),
        engine: 'local' as const,
        scenes: [...OFFLINE_SCENES],
      })),
    )
    // What a kill -9 leaves behind: one done, one mid-scan, one mid-hash.
    await first.store.items.transitionAll(['queued'], { state: 'done', note: FINISHED }, [
      items[0]!.id,
    ])
    await first.store.items.transitionAll(['queued'], { state: 'scanning' }, [items[1]!.id])
    await first.store.items.transitionAll(['queued'], { state: 'hashing' }, [items[2]!.id])
    // Closed without ever starting its scan service: the states above stay as a kill leaves them,
    // and the data folder's lock is free (a killed holder's lock goes stale by itself).
    const app = await opened.reopen('harness')
    await app.scan.whenSettled()
    const after = await app.store.items.getMany(items.map((i) => i.id))
    expect(after.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    // The finished one was not touched again.
    expect(after[0]?.note).toEqual(FINISHED)
    expect(after[1]?.unsupportedScenes).toEqual(['terrorism'])
  })
})
