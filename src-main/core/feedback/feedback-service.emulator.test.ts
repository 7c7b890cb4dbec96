import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventPayload } from '../../../src-shared/ipc'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { AppCore } from '../app-core'
import { MemoryCredentialStore } from '../credentials/memory-credential-store'
import { ManualClock, type Clock } from '../pacing/rate-limiter'
import { startEmulator, type RunningEmulator } from '../engines/green/emulator/emulator'
import { sqliteDatabaseOf } from '../store/sqlite/open-store'
import { FeedbackService } from './feedback-service'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'

let dir = ''
let emulator: RunningEmulator
let env: NodeJS.ProcessEnv = {}
const images: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-feedback-svc-'))
  for (let i = 0; i < 4; i++) {
    const file = join(dir, `photo-${String(i)}.jpg`)
    await writeFile(file, await photoLikeJpeg(160, 120, 300 + i))
    images.push(file)
  }
}, 60_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 })
  env = emulatorEnv(emulator)
})

afterEach(async () => {
  await emulator.close()
})

let homes = 0
const newHome = () => join(dir, `home-${String(++homes)}`)

/** Scans with Green (the emulator) through the CLI, as a user would. */
async function scanGreen(home: string, inputs: string[], scenes: string): Promise<void> {
  const r = await runCliInProcess(
    ['scan', ...inputs, '--engine', 'green', '--scenes', scenes, '--endpoint', emulator.endpoint],
    home,
    env,
  )
  expect(r.code, r.stderr + r.stdout).toBe(0)
}

async function openCore(home: string, overrideEnv: NodeJS.ProcessEnv = env) {
  return AppCore.open({
    dataDir: home,
    host: 'cli',
    env: { ...overrideEnv },
    credentialStore: new MemoryCredentialStore(),
  })
}

function serviceOf(core: AppCore, clock?: Clock): FeedbackService {
  return new FeedbackService({
    items: core.store.items,
    feedback: core.store.feedback,
    settings: () => core.store.settings.get(),
    credentials: core.credentials,
    events: core.events,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...(clock ? { clock } : {}),
  })
}

const bodies = () => emulator.feedback.map((f) => f.body)

describe('FeedbackService with Green (the emulator)', () => {
  it('sends a pass on a blocked file to Green, and the item shows the corrected suggestion', async () => {
    const home = newHome()
    const [file] = images as [string]
    emulator.scriptVerdict(
      { bytes: await readFile(file) },
      { scenes: { porn: { label: 'porn', suggestion: 'block', rate: 99 } } },
    )
    await scanGreen(home, [file], 'porn,terrorism')
    const core = await openCore(home)
    const heard: EventPayload<'items:changed'>[] = []
    core.events.subscribe((event, payload) => {
      if (event === 'items:changed') heard.push(payload as EventPayload<'items:changed'>)
    })
    try {
      const [before] = (await core.store.items.list(0, 10, {})).items
      expect(before).toMatchObject({ suggestion: 'block', feedback: null })
      const result = await serviceOf(core).submit(
        { target: file, suggestion: 'pass', label: 'normal', note: 'a beach photo' },
        { endpoint: emulator.endpoint },
      )
      expect(result.ok && result.value).toMatchObject({
        greenRequests: 1,
        outcomes: [
          {
            id: before?.id,
            before: 'block',
            after: 'pass',
            scenes: ['porn'],
            sentToGreen: ['porn'],
            keptLocally: [],
            error: null,
          },
        ],
      })
      // What Green was told: the task it judged, the uploaded copy it judged (the URL Green's
      // feedback library needs), the scene, and the reviewer's words.
      expect(before?.sentUrl).toMatch(/^oss:\/\/greenlight-emulator\//)
      expect(emulator.objects.has(before!.sentUrl!.replace(/^oss:\/\//, ''))).toBe(true)
      expect(bodies()).toEqual([
        {
          taskId: before?.taskId,
          dataId: before?.dataId,
          url: before?.sentUrl,
          scenes: ['porn'],
          suggestion: 'pass',
          label: 'normal',
          note: 'a beach photo',
        },
      ])
      expect(before?.taskId).toBeTruthy()
      const after = await core.store.items.get(before?.id ?? -1)
      expect(after).toMatchObject({
        suggestion: 'pass',
        results: before?.results,
        feedback: {
          corrections: [{ scene: 'porn', suggestion: 'pass', label: 'normal' }],
          note: 'a beach photo',
          sentTo: 'green',
        },
      })
      core.events.flush()
      expect(heard.flatMap((h) => h.upserted).at(-1)).toEqual(after)
      expect(await core.store.feedback.lookup(after?.sha256 ?? '', 'green')).toEqual(
        after?.feedback,
      )
    } finally {
      await core.close()
    }
  }, 60_000)

  it('sends URL items with their URL, keeps scenes Green does not take locally, and a later Green scan follows the feedback', async () => {
    const home = newHome()
    const url = 'https://example.com/feedback/beach.jpg'
    emulator.scriptVerdict(
      { url },
      {
        scenes: {
          porn: { label: 'normal', suggestion: 'pass', rate: 99 },
          qrcode: { label: 'normal', suggestion: 'pass', rate: 99 },
        },
      },
    )
    await scanGreen(home, [url], 'porn,qrcode')
    let core = await openCore(home)
    try {
      const result = await serviceOf(core).submit(
        { target: url, suggestion: 'block', scenes: ['porn', 'qrcode'], label: 'sexy' },
        { endpoint: emulator.endpoint },
      )
      expect(result.ok, JSON.stringify(result)).toBe(true)
      const [outcome] = result.ok ? result.value.outcomes : []
      expect(outcome).toMatchObject({
        before: 'pass',
        after: 'block',
        sentToGreen: ['porn'],
        keptLocally: ['qrcode'],
      })
      expect(outcome?.localReason).toMatch(/porn, terrorism, ad only/)
      expect(bodies()).toEqual([
        expect.objectContaining({ url, scenes: ['porn'], suggestion: 'block', label: 'sexy' }),
      ])
    } finally {
      await core.close()
    }
    // A new scan of the same URL (other scenes, so a new item): Green itself now says block.
    await scanGreen(home, [url], 'porn,ad')
    core = await openCore(home)
    try {
      const [latest] = (await core.store.items.list(0, 1, {})).items
      expect(latest?.results.find((r) => r.scene === 'porn')).toMatchObject({
        suggestion: 'block',
        label: 'sexy',
      })
    } finally {
      await core.close()
    }
  }, 60_000)

  it('a later Green scan of the same bytes under another name comes back corrected', async () => {
    const home = newHome()
    const [file] = images as [string]
    emulator.scriptVerdict(
      { bytes: await readFile(file) },
      { scenes: { porn: { label: 'porn', suggestion: 'block', rate: 99 } } },
    )
    await scanGreen(home, [file], 'porn')
    let core = await openCore(home)
    try {
      const result = await serviceOf(core).submit(
        { target: file, suggestion: 'pass' },
        { endpoint: emulator.endpoint },
      )
      expect(result.ok && result.value.outcomes[0]?.after).toBe('pass')
    } finally {
      await core.close()
    }
    const copy = join(dir, 'copy-of-photo-0.jpg')
    await copyFile(file, copy)
    await scanGreen(home, [copy], 'porn')
    core = await openCore(home)
    try {
      const [latest] = (await core.store.items.list(0, 1, {})).items
      expect(latest).toMatchObject({
        source: copy,
        suggestion: 'pass',
        feedback: { corrections: [{ scene: 'porn', suggestion: 'pass' }], sentTo: 'green' },
      })
      // What Green said stays on the item, beside the correction.
      expect(latest?.results[0]?.suggestion).toBe('block')
    } finally {
      await core.close()
    }
  }, 60_000)

  it('tells Green once per image however many items show it, and retries a passing server error', async () => {
    const home = newHome()
    const [file] = images as [string]
    const copy = join(dir, 'same-bytes-other-name.jpg')
    await copyFile(file, copy)
    await scanGreen(home, [file, copy], 'porn')
    const core = await openCore(home)
    try {
      emulator.injectFaults({ kind: 'http500', path: '/green/image/feedback' })
      const result = await serviceOf(core).submit(
        { target: copy, suggestion: 'block', scenes: ['porn'] },
        { endpoint: emulator.endpoint },
      )
      expect(result.ok && result.value.outcomes.map((o) => [o.source, o.after, o.error])).toEqual([
        [file, 'block', null],
        [copy, 'block', null],
      ])
      expect(result.ok && result.value.greenRequests).toBe(1)
      // Two calls reached the emulator: the one that failed with 500, and its retry.
      expect(emulator.stats.requests['/green/image/feedback']).toBe(2)
      expect(emulator.feedback).toHaveLength(1)
    } finally {
      await core.close()
    }
  }, 60_000)

  it('one image failing at Green does not stop the others, and leaves that image untouched', async () => {
    const home = newHome()
    await scanGreen(home, [images[1] ?? '', images[2] ?? ''], 'porn')
    const core = await openCore(home)
    try {
      const ids = (await core.store.items.list(0, 10, {})).items.map((i) => i.id)
      emulator.injectFaults({
        kind: 'request-code',
        code: 400,
        msg: 'BAD_REQUEST',
        path: '/green/image/feedback',
      })
      const result = await serviceOf(core).submit(
        { itemIds: ids, suggestion: 'block', scenes: ['porn'] },
        { endpoint: emulator.endpoint },
      )
      const outcomes = result.ok ? result.value.outcomes : []
      expect(outcomes).toHaveLength(2)
      const bad = outcomes.filter((o) => o.error !== null)
      const good = outcomes.filter((o) => o.error === null)
      expect(bad.map((o) => o.error?.code)).toEqual(['BAD_REQUEST'])
      expect(good).toHaveLength(1)
      expect((await core.store.items.get(bad[0]?.id ?? -1))?.feedback).toBeNull()
      expect((await core.store.items.get(good[0]?.id ?? -1))?.suggestion).toBe('block')
    } finally {
      await core.close()
    }
  }, 60_000)

  it('a wrong AccessKey fails every image with what to do, and stores nothing', async () => {
    const home = newHome()
    await scanGreen(home, [images[1] ?? '', images[2] ?? ''], 'porn')
    const core = await openCore(home, { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong' })
    try {
      const ids = (await core.store.items.list(0, 10, {})).items.map((i) => i.id)
      const result = await serviceOf(core).submit(
        { itemIds: ids, suggestion: 'block', scenes: ['porn'] },
        { endpoint: emulator.endpoint },
      )
      const outcomes = result.ok ? result.value.outcomes : []
      expect(outcomes).toHaveLength(2)
      for (const o of outcomes) {
        expect(o.error?.code).toMatch(/^AUTH_/)
        expect(o.error?.message).toMatch(/AccessKey/)
      }
      expect(await sqliteDatabaseOf(core.store).all('SELECT * FROM feedback')).toEqual([])
    } finally {
      await core.close()
    }
  }, 60_000)

  it('without an AccessKey, says how to add one', async () => {
    const home = newHome()
    await scanGreen(home, [images[3] ?? ''], 'porn')
    const core = await openCore(home, {})
    try {
      const result = await serviceOf(core).submit(
        { target: images[3] ?? '', suggestion: 'pass' },
        { endpoint: emulator.endpoint },
      )
      const [outcome] = result.ok ? result.value.outcomes : []
      expect(outcome?.error?.code).toBe('CREDENTIALS_MISSING')
      expect(outcome?.error?.params).toEqual({ reason: 'feedback' })
      expect(outcome?.error?.message).not.toMatch(/greenlight /)
      expect(emulator.feedback).toHaveLength(0)
    } finally {
      await core.close()
    }
  }, 60_000)

  it('paces ImageScanFeedback with the feedback bucket (settings.feedbackQps, 20/s): about one call per 50 ms', async () => {
    const home = newHome()
    await scanGreen(home, images.slice(0, 3), 'porn')
    const core = await openCore(home)
    const clock = new ManualClock()
    try {
      expect((await core.store.settings.get()).feedbackQps).toBe(20)
      const ids = (await core.store.items.list(0, 10, {})).items.map((i) => i.id)
      const submitted = serviceOf(core, clock).submit(
        { itemIds: ids, suggestion: 'block', scenes: ['porn'] },
        { endpoint: emulator.endpoint },
      )
      // The first image goes at once; the others wait for tokens that only time brings.
      await vi.waitFor(() => {
        expect(emulator.feedback).toHaveLength(1)
      })
      await vi.waitFor(() => {
        expect(clock.pendingTimers).toBe(1)
      })
      // 20/s is one call per 50 ms (a little more if the limiter keeps a margin under the
      // quota): held for 49 ms, sent by 60.
      await clock.advance(49)
      expect(clock.pendingTimers).toBe(1)
      expect(emulator.feedback).toHaveLength(1)
      await clock.advance(11)
      await vi.waitFor(() => {
        expect(emulator.feedback).toHaveLength(2)
      })
      await clock.advance(1000)
      const result = await submitted
      expect(result.ok && result.value.greenRequests).toBe(3)
      expect(emulator.stats.throttled).toBe(0)
    } finally {
      await core.close()
    }
  }, 60_000)

  it('follows a changed settings.feedbackQps (10/s: about one call per 100 ms)', async () => {
    const home = newHome()
    await scanGreen(home, images.slice(0, 2), 'porn')
    const core = await openCore(home)
    const clock = new ManualClock()
    try {
      await core.store.settings.set({ feedbackQps: 10 })
      const ids = (await core.store.items.list(0, 10, {})).items.map((i) => i.id)
      const submitted = serviceOf(core, clock).submit(
        { itemIds: ids, suggestion: 'pass', scenes: ['porn'] },
        { endpoint: emulator.endpoint },
      )
      await vi.waitFor(() => {
        expect(emulator.feedback).toHaveLength(1)
        expect(clock.pendingTimers).toBe(1)
      })
      await clock.advance(99)
      expect(clock.pendingTimers).toBe(1)
      expect(emulator.feedback).toHaveLength(1)
      await clock.advance(21)
      const result = await submitted
      expect(result.ok && result.value.greenRequests).toBe(2)
    } finally {
      await core.close()
    }
  }, 60_000)
})
