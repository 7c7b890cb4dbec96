import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../src-shared/ipc'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { createApi, type Api } from './api'
import { dispatch } from './api-dispatch'
import type { AppCore } from './app-core'

let opened: TestCore
let core: AppCore
let api: Api

beforeEach(async () => {
  opened = await openAppCore({ flushMs: 1 })
  core = opened.core
  api = createApi(core)
})

afterEach(() => opened.close())

/** A finished local verdict, as the scan service would have stored it. */
async function scannedItem(source: string, sha256: string) {
  const [item] = await core.store.items.insertMany([
    { sourceKind: 'file', source, engine: 'local', scenes: ['porn', 'qrcode'] },
  ])
  return core.store.items.update(item?.id ?? -1, {
    state: 'done',
    sha256,
    dataId: String(item?.id),
    suggestion: 'block',
    results: [
      { scene: 'porn', label: 'porn', suggestion: 'block', rate: 91 },
      { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 99 },
    ],
    scannedAt: Date.now(),
  })
}

describe('feedback:submit', () => {
  it('corrects the selected item and every item of the same image, and announces them', async () => {
    const a = await scannedItem('/photos/a.jpg', 'aa'.repeat(32))
    const copy = await scannedItem('/backup/a-copy.jpg', 'aa'.repeat(32))
    const other = await scannedItem('/photos/b.jpg', 'bb'.repeat(32))
    const heard: EventPayload<'items:changed'>[] = []
    core.events.subscribe((event, payload) => {
      if (event === 'items:changed') heard.push(payload as EventPayload<'items:changed'>)
    })
    const result = await dispatch(api, 'feedback:submit', {
      itemIds: [a?.id],
      suggestion: 'pass',
      note: 'a statue',
    })
    expect(result).toMatchObject({
      ok: true,
      value: {
        greenRequests: 0,
        outcomes: [
          { id: a?.id, before: 'block', after: 'pass', scenes: ['porn'], keptLocally: ['porn'] },
          { id: copy?.id, before: 'block', after: 'pass' },
        ],
      },
    })
    core.events.flush()
    const announced = heard.flatMap((h) => h.upserted)
    expect(announced.map((i) => i.id).sort()).toEqual([a?.id, copy?.id].sort())
    expect(announced.every((i) => i.suggestion === 'pass' && i.feedback?.note === 'a statue')).toBe(
      true,
    )
    expect((await core.store.items.get(other?.id ?? -1))?.feedback).toBeNull()
  })

  it('takes item ids only: a path, a "review" or an unknown scene is refused before anything runs', async () => {
    const a = await scannedItem('/photos/a.jpg', 'aa'.repeat(32))
    for (const payload of [
      { target: '/etc/passwd', suggestion: 'pass' },
      { itemIds: [a?.id], target: '/photos/a.jpg', suggestion: 'pass' },
      { itemIds: [a?.id], suggestion: 'review' },
      { itemIds: [a?.id], suggestion: 'pass', scenes: ['nudity'] },
      { itemIds: [], suggestion: 'pass' },
    ]) {
      const result = await dispatch(api, 'feedback:submit', payload)
      expect(result, JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      })
    }
    expect((await core.store.items.get(a?.id ?? -1))?.feedback).toBeNull()
  })

  it('an id that is not a finished item answers NOT_FOUND', async () => {
    const result = await dispatch(api, 'feedback:submit', { itemIds: [999], suggestion: 'block' })
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
