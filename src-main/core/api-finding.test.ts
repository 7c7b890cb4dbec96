import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import { createApi } from './api'
import { dispatch } from './api-dispatch'

let opened: TestCore
beforeEach(async () => {
  opened = await openAppCore({ host: 'cli' })
})
afterEach(() => opened.close())

describe('finding things over the API', () => {
  it('items:ids gives every match in order and items:facets the counts, each with a revision', async () => {
    const { core } = opened
    const api = createApi(core)
    const added = await core.store.items.insertMany(
      ['/p/b.jpg', '/p/a.jpg', '/p/c.jpg'].map((source) => ({
        sourceKind: 'file' as const,
        source,
        engine: 'local' as const,
        scenes: ['porn' as const],
      })),
    )
    const [b, a] = added
    if (!a || !b) throw new Error('insert failed')
    await core.store.items.update(a.id, {
      state: 'done',
      suggestion: 'block',
      results: [{ scene: 'porn', label: 'porn', suggestion: 'block', rate: 90 }],
    })

    const ids = await dispatch(api, 'items:ids', { filter: {}, sort: 'name' })
    // By file name: a, b, c, whatever order they were added in.
    expect(ids).toMatchObject({ ok: true, value: { ids: [a.id, b.id, added[2]?.id] } })
    expect(ids).toMatchObject({ value: { revision: expect.any(Number) as number } })

    const facets = await dispatch(api, 'items:facets', { filter: { scene: 'porn' } })
    expect(facets).toMatchObject({
      ok: true,
      value: {
        total: 1,
        scenes: [{ value: 'porn', count: 1 }],
        labels: [{ value: 'porn', count: 1 }],
        corrected: { yes: 0, no: 1 },
      },
    })
    // The request is checked like every other: an unknown filter field is refused.
    expect(await dispatch(api, 'items:facets', { filter: { colour: 'red' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })
})
