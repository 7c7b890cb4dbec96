import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  mostSevere,
  SCENES,
  type EngineId,
  type Scene,
  type SceneResult,
  type Suggestion,
} from '../../../src-shared/domain'
import type { EventPayload } from '../../../src-shared/ipc'
import { openAppCore, type TestCore } from '../../../tests/fixtures/open-app-core'
import { createApi } from '../api'
import { dispatch } from '../api-dispatch'
import { AppCore } from '../app-core'
import { MemoryCredentialStore } from '../credentials/memory-credential-store'
import type { RunningEmulator } from '../engines/green/emulator/emulator'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'
import type { StoredDecision } from '../store/ports/decision-outbox'
import type { Store } from '../store/ports/store'
import { openStore } from '../store/sqlite/open-store'

let opened: TestCore
let emulator: RunningEmulator
/** The decisions' clock: moved by hand, so a grace period ends when the test says. */
let clock = 1_000_000
let items = 0

beforeEach(async () => {
  clock = 1_000_000
  opened = await openAppCore({ emulator: true, flushMs: 1, decisionClock: () => clock })
  if (opened.emulator === null) throw new Error('the core opens with an emulator')
  emulator = opened.emulator
  await opened.core.store.settings.set({ endpoint: emulator.endpoint, feedbackGraceSeconds: 5 })
})

afterEach(() => opened.close())

const GRACE_MS = 5_000
const sent = () => emulator.feedback.map((f) => f.body)

/** A finished verdict as the scan service stores it: `flagged` scenes as given, the rest pass. */
async function judged(
  flagged: Partial<Record<Scene, Suggestion>>,
  engine: EngineId = 'green',
  core: AppCore = opened.core,
  scanned: readonly Scene[] = SCENES,
) {
  const n = ++items
  const results: SceneResult[] = scanned.map((scene) => ({
    scene,
    label: flagged[scene] ? scene : 'normal',
    suggestion: flagged[scene] ?? 'pass',
    rate: 90,
  }))
  const [item] = await core.store.items.insertMany([
    { sourceKind: 'file', source: `/photos/${String(n)}.jpg`, engine, scenes: [...scanned] },
  ])
  const done = await core.store.items.update(item?.id ?? -1, {
    state: 'done',
    sha256: String(n).padStart(64, '0'),
    dataId: String(item?.id),
    taskId: engine === 'green' ? `task-${String(n)}` : null,
    suggestion: mostSevere(results.map((r) => r.suggestion)),
    results,
    scannedAt: Date.now(),
  })
  if (done === undefined) throw new Error('no item')
  return done
}

const itemNow = async (id: number) => opened.core.store.items.get(id)

/**
 * With the core stopped and the grace period over, another process claims every due decision
 * until `leaseUntil` (epoch ms, real time as leases are) and may do more before it dies
 * (`then`); its store is then closed, as a killed process's would be.
 */
async function claimElsewhere(
  owner: string,
  leaseUntil: number,
  then?: (store: Store, claimed: StoredDecision[]) => Promise<void>,
): Promise<StoredDecision[]> {
  await opened.stop()
  clock += GRACE_MS
  const store = await openStore(join(opened.dir, 'data'))
  try {
    const claimed = await store.decisions.claimDue(clock, owner, leaseUntil, 10)
    await then?.(store, claimed)
    return claimed
  } finally {
    await store.close()
  }
}

/** The stored state of the decision `made` says it made. */
const stateOf = async (made: Awaited<ReturnType<AppCore['decisions']['make']>>) =>
  (await opened.core.store.decisions.get(made.ok ? made.value.decisionId : -1))?.state

describe('decisions through the outbox, against the Green emulator', () => {
  it('a Block on a porn block confirms porn alone, shown at once and sent once after the grace period', async () => {
    const core = opened.core
    const item = await judged({ porn: 'block' })
    const made = await core.decisions.make({ itemIds: [item.id], suggestion: 'block' })
    expect(made).toMatchObject({ ok: true, value: { count: 1, scenes: ['porn'] } })
    // Stored and shown first; the engine's verdict stays beside the correction.
    expect(await itemNow(item.id)).toMatchObject({
      suggestion: 'block',
      results: item.results,
      feedback: { corrections: [{ scene: 'porn', suggestion: 'block' }], sentTo: 'local' },
    })
    // Inside the grace period nothing reaches Green, however often the outbox is looked at.
    clock += GRACE_MS - 1
    expect(await core.decisions.sendDue()).toBe(0)
    expect(sent()).toEqual([])
    clock += 1
    expect(await core.decisions.sendDue()).toBe(1)
    expect(await core.decisions.sendDue()).toBe(0)
    expect(sent()).toEqual([
      { taskId: item.taskId, dataId: item.dataId, scenes: ['porn'], suggestion: 'block' },
    ])
    expect((await itemNow(item.id))?.feedback?.sentTo).toBe('green')
  })

  it('counts the grace period from when a slow decision shows, not from when it began', async () => {
    const core = opened.core
    const item = await judged({ porn: 'block' })
    const outbox = core.store.decisions
    const record = outbox.record.bind(outbox)
    // Recording thousands of images takes seconds; here three pass while this one is stored.
    vi.spyOn(outbox, 'record').mockImplementation(async (decision) => {
      const made = await record(decision)
      clock += 3_000
      return made
    })
    const began = clock
    const made = await core.decisions.make({ itemIds: [item.id], suggestion: 'block' })
    expect(made.ok && made.value.dueAt).toBe(began + 3_000 + GRACE_MS)
    // Past the end a grace counted from the start would have, the reviewer can still undo.
    clock = began + GRACE_MS + 1
    expect(await core.decisions.sendDue()).toBe(0)
    clock = began + 3_000 + GRACE_MS
    expect(await core.decisions.sendDue()).toBe(1)
    expect(sent()).toHaveLength(1)
  })

  it('undo inside the grace period: Green hears nothing and the item is restored', async () => {
    const core = opened.core
    const item = await judged({ porn: 'block', ad: 'review' })
    const heard: EventPayload<'decisions:changed'>[] = []
    core.events.subscribe((event, payload) => {
      if (event === 'decisions:changed') heard.push(payload as EventPayload<'decisions:changed'>)
    })
    const made = await core.decisions.make({ itemIds: [item.id], suggestion: 'pass' })
    expect(made.ok && made.value.scenes).toEqual(['porn', 'ad'])
    expect(await itemNow(item.id)).toMatchObject({ suggestion: 'pass' })
    expect(heard.at(-1)?.pending).toMatchObject([
      { id: made.ok ? made.value.decisionId : -1, count: 1, msLeft: GRACE_MS },
    ])
    clock += 1_000
    expect(await dispatch(createApi(core), 'decisions:list-pending', undefined)).toMatchObject({
      ok: true,
      value: { pending: [{ count: 1, msLeft: GRACE_MS - 1_000 }] },
    })
    const undone = await core.decisions.undo()
    expect(undone).toMatchObject({ ok: true, value: { count: 1, suggestion: 'pass' } })
    expect(await itemNow(item.id)).toMatchObject({ suggestion: 'block', feedback: null })
    expect(heard.at(-1)?.pending).toEqual([])
    clock += GRACE_MS * 10
    expect(await core.decisions.sendDue()).toBe(0)
    expect(sent()).toEqual([])
    expect(await core.decisions.undo()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('undo after the grace period says the decision was sent, and changes nothing', async () => {
    const core = opened.core
    const item = await judged({ porn: 'review' })
    const made = await core.decisions.make({ itemIds: [item.id], suggestion: 'pass' })
    clock += GRACE_MS
    await core.decisions.sendDue()
    const undone = await core.decisions.undo(made.ok ? made.value.decisionId : -1)
    expect(undone).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', params: { reason: 'decision-sent' } },
    })
    expect(await itemNow(item.id)).toMatchObject({ suggestion: 'pass' })
    expect(sent()).toHaveLength(1)
  })

  it('p then b restores only what changed: porn alone is blocked, and each undo steps back', async () => {
    const core = opened.core
    const item = await judged({ porn: 'block' })
    const pass = await core.decisions.make({ itemIds: [item.id], suggestion: 'pass' })
    const block = await core.decisions.make({ itemIds: [item.id], suggestion: 'block' })
    expect(pass.ok && pass.value.scenes).toEqual(['porn'])
    expect(block.ok && block.value.scenes).toEqual(['porn'])
    expect((await itemNow(item.id))?.feedback?.corrections).toEqual([
      { scene: 'porn', suggestion: 'block', label: null },
    ])
    await core.decisions.undo()
    expect((await itemNow(item.id))?.feedback?.corrections).toEqual([
      { scene: 'porn', suggestion: 'pass', label: null },
    ])
    await core.decisions.undo()
    expect(await itemNow(item.id)).toMatchObject({ suggestion: 'block', feedback: null })
    clock += GRACE_MS
    await core.decisions.sendDue()
    expect(sent()).toEqual([])
  })

  it('Block on an image with nothing flagged asks which scene; a named scene is all Green hears', async () => {
    const core = opened.core
    const item = await judged({})
    const api = createApi(core)
    expect(
      await dispatch(api, 'decisions:make', { itemIds: [item.id], suggestion: 'block' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', params: { reason: 'choose-scene' } },
    })
    const made = await dispatch(api, 'decisions:make', {
      itemIds: [item.id],
      suggestion: 'block',
      scenes: ['ad', 'qrcode'],
    })
    expect(made).toMatchObject({ ok: true, value: { scenes: ['ad', 'qrcode'] } })
    clock += GRACE_MS
    await core.decisions.sendDue()
    // qrcode is kept by Greenlight only: Green's feedback API takes porn, terrorism and ad.
    expect(sent().map((b) => b.scenes)).toEqual([['ad']])
    expect(await dispatch(api, 'decisions:undo', undefined)).toMatchObject({
      ok: false,
      error: { params: { reason: 'decision-sent' } },
    })
  })

  it('"which scene?" offers the scenes the unflagged images were scanned for, and says how many', async () => {
    const clean = await judged({}, 'green', opened.core, ['porn', 'ad', 'qrcode'])
    const flagged = await judged({ porn: 'block' })
    const made = await opened.core.decisions.make({
      itemIds: [clean.id, flagged.id],
      suggestion: 'block',
    })
    expect(made).toMatchObject({
      ok: false,
      error: { params: { reason: 'choose-scene', scenes: 'porn,ad,qrcode', count: '1' } },
    })
    // Nothing was recorded while the reviewer is asked.
    expect(await opened.core.decisions.pending()).toEqual([])
    expect(await itemNow(flagged.id)).toMatchObject({ feedback: null })
  })

  it('a bulk Block answered once: the answer goes to the unflagged images only, in one undoable decision', async () => {
    const core = opened.core
    const clean = await judged({})
    const flagged = await judged({ porn: 'block' })
    const made = await core.decisions.make({
      itemIds: [clean.id, flagged.id],
      suggestion: 'block',
      unflaggedScenes: ['terrorism'],
    })
    expect(made).toMatchObject({ ok: true, value: { count: 2, scenes: ['porn', 'terrorism'] } })
    expect((await itemNow(clean.id))?.feedback?.corrections).toEqual([
      { scene: 'terrorism', suggestion: 'block', label: null },
    ])
    expect((await itemNow(flagged.id))?.feedback?.corrections).toEqual([
      { scene: 'porn', suggestion: 'block', label: null },
    ])
    clock += GRACE_MS
    await core.decisions.sendDue()
    expect(new Map(sent().map((b) => [b.taskId, b.scenes]))).toEqual(
      new Map([
        [clean.taskId, ['terrorism']],
        [flagged.taskId, ['porn']],
      ]),
    )
  })

  it('one Ctrl+Z undoes a bulk Block answered with a scene, on every image', async () => {
    const core = opened.core
    const clean = await judged({})
    const flagged = await judged({ ad: 'review' })
    await core.decisions.make({
      itemIds: [clean.id, flagged.id],
      suggestion: 'block',
      unflaggedScenes: ['porn'],
    })
    expect(await core.decisions.undo()).toMatchObject({ ok: true, value: { count: 2 } })
    expect(await itemNow(clean.id)).toMatchObject({ suggestion: 'pass', feedback: null })
    expect(await itemNow(flagged.id)).toMatchObject({ suggestion: 'review', feedback: null })
    clock += GRACE_MS
    expect(await core.decisions.sendDue()).toBe(0)
    expect(sent()).toEqual([])
  })

  it('a decision whose grace period ends while the app is closed is sent once on the next start', async () => {
    const item = await judged({ porn: 'block' })
    await opened.core.decisions.make({ itemIds: [item.id], suggestion: 'pass' })
    await opened.stop()
    expect(sent()).toEqual([])
    clock += GRACE_MS
    await opened.reopen()
    expect(sent()).toHaveLength(1)
    await opened.reopen()
    await opened.core.decisions.sendDue()
    expect(sent()).toHaveLength(1)
    expect(await itemNow(item.id)).toMatchObject({
      suggestion: 'pass',
      feedback: { sentTo: 'green' },
    })
  })

  it('a send claimed by a process that died comes back once its lease ends, and is sent once', async () => {
    const item = await judged({ terrorism: 'block' })
    const made = await opened.core.decisions.make({ itemIds: [item.id], suggestion: 'pass' })
    // What a process killed mid-send leaves: the decision claimed, its lease already over.
    expect(await claimElsewhere('dead', Date.now() - 1)).toHaveLength(1)
    await opened.reopen()
    expect(sent()).toEqual([
      { taskId: item.taskId, dataId: item.dataId, scenes: ['terrorism'], suggestion: 'pass' },
    ])
    expect(await stateOf(made)).toBe('sent')
  })

  it('a dead process that sent one image before it died: the restart sends the other, never the first again', async () => {
    const first = await judged({ porn: 'block' })
    const second = await judged({ ad: 'block' })
    const made = await opened.core.decisions.make({
      itemIds: [first.id, second.id],
      suggestion: 'pass',
    })
    await claimElsewhere('dead', Date.now() - 1, async (store, [claimed]) => {
      const told = claimed?.images.find((i) => i.itemIds.includes(first.id))
      if (!claimed || !told) throw new Error('the decision is claimed')
      // Green heard the first image (as the dead process's call did), then the process died.
      await store.decisions.markImageSent(claimed.id, told.subject, told.engine, ['porn'])
    })
    await opened.reopen()
    await opened.core.decisions.sendDue()
    expect(sent()).toEqual([
      { taskId: second.taskId, dataId: second.dataId, scenes: ['ad'], suggestion: 'pass' },
    ])
    expect(await stateOf(made)).toBe('sent')
  })

  it('a send another live process holds is left to it; it comes back only once that lease ends', async () => {
    const item = await judged({ porn: 'review' })
    await opened.core.decisions.make({ itemIds: [item.id], suggestion: 'block' })
    const leaseEnds = Date.now() + 60_000
    expect(await claimElsewhere('alive', leaseEnds)).toHaveLength(1)
    await opened.reopen()
    expect(await opened.core.decisions.sendDue()).toBe(0)
    expect(sent()).toEqual([])
    // The holder stopped renewing (it died): after its lease, the claim comes back and is sent once.
    await opened.core.decisions.leaseWork().reclaim(leaseEnds + 1)
    await opened.core.decisions.sendDue()
    await opened.core.decisions.sendDue()
    expect(sent()).toHaveLength(1)
  })

  it('two processes on one folder send a decision once', async () => {
    const item = await judged({ ad: 'block' })
    await opened.core.decisions.make({ itemIds: [item.id], suggestion: 'pass' })
    const other = await AppCore.open({
      dataDir: join(opened.dir, 'data'),
      host: 'harness',
      env: emulatorEnv(emulator),
      credentialStore: new MemoryCredentialStore(),
      decisionClock: () => clock,
    })
    try {
      clock += GRACE_MS
      const counts = await Promise.all([
        opened.core.decisions.sendDue(),
        other.decisions.sendDue(),
        opened.core.decisions.sendDue(),
        other.decisions.sendDue(),
      ])
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1)
      expect(sent()).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('the app sends by itself when the grace period ends (a grace of 0: at once)', async () => {
    const core = opened.core
    await core.store.settings.set({ feedbackGraceSeconds: 0 })
    const item = await judged({ porn: 'review' })
    await core.decisions.make({ itemIds: [item.id], suggestion: 'block' })
    await vi.waitFor(
      () => {
        expect(sent()).toHaveLength(1)
      },
      { timeout: 20_000 },
    )
    await vi.waitFor(async () => {
      expect((await itemNow(item.id))?.feedback?.sentTo).toBe('green')
    })
    expect(await core.decisions.pending()).toEqual([])
  })

  it('a local verdict has nothing to send: stored, undoable, then final', async () => {
    const core = opened.core
    const first = await judged({ porn: 'block' }, 'local')
    const second = await judged({ porn: 'review' }, 'local')
    await core.decisions.make({ itemIds: [first.id], suggestion: 'pass' })
    expect((await core.decisions.undo()).ok).toBe(true)
    expect(await itemNow(first.id)).toMatchObject({ suggestion: 'block', feedback: null })
    const made = await core.decisions.make({ itemIds: [second.id], suggestion: 'block' })
    clock += GRACE_MS
    expect(await core.decisions.sendDue()).toBe(1)
    expect(sent()).toEqual([])
    expect(await itemNow(second.id)).toMatchObject({
      suggestion: 'block',
      feedback: { corrections: [{ scene: 'porn', suggestion: 'block' }], sentTo: 'local' },
    })
    expect(made.ok && (await core.store.decisions.get(made.value.decisionId))?.state).toBe('sent')
  })
})
