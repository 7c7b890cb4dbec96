import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mostSevere, SCENES, type ItemDetails, type SceneResult } from '../../../src-shared/domain'
import { openAppCore, type TestCore } from '../../../tests/fixtures/open-app-core'
import { createApi, type Api } from '../api'
import { dispatch } from '../api-dispatch'

let opened: TestCore
let api: Api
/** The decisions' clock: moved by hand, so a grace period ends when the test says. */
let clock = 1_000_000

beforeEach(async () => {
  clock = 1_000_000
  opened = await openAppCore({ emulator: true, flushMs: 1, decisionClock: () => clock })
  if (opened.emulator === null) throw new Error('the core opens with an emulator')
  await opened.core.store.settings.set({
    endpoint: opened.emulator.endpoint,
    feedbackGraceSeconds: 5,
  })
  api = createApi(opened.core)
})

afterEach(() => opened.close())

/** Two items showing one image Green judged: porn block, a GIF whose third frame matched. */
async function twoCopiesOfOneImage() {
  const results: SceneResult[] = SCENES.map((scene) => ({
    scene,
    label: scene === 'porn' ? 'porn' : 'normal',
    suggestion: scene === 'porn' ? 'block' : 'pass',
    rate: 90,
    ...(scene === 'porn'
      ? {
          extras: {
            frames: [
              { rate: 61, url: 'https://frames.example/abc/0.jpg' },
              { rate: 97, url: 'https://frames.example/abc/2.jpg' },
            ],
          },
        }
      : {}),
  }))
  const inserted = await opened.core.store.items.insertMany(
    ['/a/cat.gif', '/b/cat copy.gif'].map((source) => ({
      sourceKind: 'file' as const,
      source,
      engine: 'green' as const,
      scenes: [...SCENES],
    })),
  )
  for (const [n, item] of inserted.entries()) {
    await opened.core.store.items.update(item.id, {
      state: 'done',
      sha256: 'c4'.repeat(32),
      dataId: String(item.id),
      taskId: `task-${String(item.id)}`,
      suggestion: mostSevere(results.map((r) => r.suggestion)),
      results,
      scannedAt: Date.now(),
      note: n === 1 ? { code: 'cache-reused', params: {} } : null,
    })
  }
  return inserted.map((item) => item.id) as [number, number]
}

const details = async (itemId: number): Promise<ItemDetails> => {
  // Through the IPC dispatcher, as a window asks: the payload is parsed as main parses it.
  const answer = await dispatch(api, 'items:details', { itemId })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value as ItemDetails
}

describe('items:details', () => {
  it('gives the history of a decision as it is made, undone, and sent, on every copy of the image', async () => {
    const [first, copy] = await twoCopiesOfOneImage()
    expect(await details(first)).toEqual({
      itemId: first,
      history: [],
      fromCache: false,
      judgedFrame: 2,
    })
    expect((await details(copy)).fromCache).toBe(true)

    const slip = await opened.core.decisions.make({ itemIds: [first], suggestion: 'pass' })
    expect((await details(copy)).history).toMatchObject([
      {
        source: 'decision',
        state: 'pending',
        suggestion: 'pass',
        scenes: ['porn'],
        dueAt: clock + 5_000,
      },
    ])
    await opened.core.decisions.undo(slip.ok ? slip.value.decisionId : -1)
    clock += 1
    // The reviewer confirms porn alone, scene by scene, and the grace period ends.
    await opened.core.decisions.make({ itemIds: [copy], suggestion: 'block', scenes: ['porn'] })
    clock += 5_000
    expect(await opened.core.decisions.sendDue()).toBe(1)

    const history = (await details(first)).history
    expect(history.map((h) => [h.state, h.suggestion, h.scenes, h.sentToGreen])).toEqual([
      ['sent', 'block', ['porn'], ['porn']],
      ['undone', 'pass', ['porn'], []],
    ])
    expect(history[0]?.sentAt).not.toBeNull()
  })

  it('shows a correction `greenlight feedback` sent at once, with the scenes Green took', async () => {
    const [first] = await twoCopiesOfOneImage()
    const told = await opened.core.feedback.submit({
      itemIds: [first],
      suggestion: 'pass',
      scenes: ['porn', 'qrcode'],
      note: 'a statue',
    })
    expect(told.ok).toBe(true)
    expect((await details(first)).history).toMatchObject([
      {
        source: 'feedback-command',
        decisionId: null,
        state: 'applied',
        suggestion: 'pass',
        scenes: ['porn', 'qrcode'],
        note: 'a statue',
        // Green's feedback takes porn; a QR code correction stays local.
        sentToGreen: ['porn'],
      },
    ])
  })

  it('is NOT_FOUND for an item not in the queue', async () => {
    expect(await dispatch(api, 'items:details', { itemId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })
})
