import { describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { appError, err, ok, type AppError, type Result } from '../../../src-shared/result'
import { testItem } from '../../../tests/fixtures/items'
import { AsyncPoller, type AsyncPollerHost, type PollSchedule } from './async-poller'
import { ManualClock } from '../pacing/rate-limiter'
import type { PollOutcome, ScanEngine } from '../engines/scan-engine'

const SCHEDULE: PollSchedule = {
  firstMs: 2_000,
  factor: 1.5,
  maxMs: 30_000,
  retentionMs: 60 * 60 * 1000,
  requestsPerSecond: 1_000,
}

/** A store of items waiting on tasks, and an engine whose poll answers as `answer` says. */
function setup(
  taskIds: readonly string[],
  answer: (ids: readonly string[]) => Result<readonly PollOutcome[]>,
) {
  const clock = new ManualClock()
  let wall = 1_000_000
  const waiting = new Map(
    taskIds.map((taskId, i) => [
      taskId,
      testItem(i + 1, { engine: 'green', state: 'submitted', taskId, submittedAt: wall }),
    ]),
  )
  const polls: { at: number; ids: readonly string[] }[] = []
  const failed: { items: readonly Item[]; error: AppError }[] = []
  const done: string[] = []
  const stopped: AppError[] = []
  const engine: ScanEngine = {
    id: 'green',
    supportedScenes: ['porn'],
    async: {
      maxPollBatch: 100,
      submit: () => Promise.resolve(ok([])),
      poll: (ids) => {
        polls.push({ at: clock.now(), ids })
        return Promise.resolve(answer(ids))
      },
    },
    scan: () => Promise.resolve(ok([])),
    close: () => Promise.resolve(),
  }
  const host: AsyncPollerHost = {
    clock,
    wallNow: () => wall,
    items: {
      awaitingTasks: () =>
        Promise.resolve(
          [...waiting.values()].map((i) => ({
            taskId: i.taskId!,
            engine: i.engine,
            submittedAt: i.submittedAt!,
          })),
        ),
      awaitingTask: (taskId) =>
        Promise.resolve([waiting.get(taskId)].filter((i) => i !== undefined)),
      transitionAll: () => Promise.resolve([]),
    },
    engine: () => Promise.resolve(ok(engine)),
    done: (items, outcome) => {
      for (const item of items) waiting.delete(item.taskId!)
      done.push(outcome.taskId)
      return Promise.resolve()
    },
    failed: (items, error) => {
      for (const item of items) waiting.delete(item.taskId!)
      failed.push({ items, error })
      return Promise.resolve()
    },
    stop: (error) => {
      stopped.push(error)
      return Promise.resolve()
    },
    announce: () => Promise.resolve(),
    onInternalError: (error) => {
      throw new Error(error.message)
    },
  }
  const poller = new AsyncPoller(host, SCHEDULE)
  return {
    clock,
    poller,
    polls,
    failed,
    done,
    stopped,
    advanceWall: (ms: number) => (wall += ms),
  }
}

const pending = (ids: readonly string[]) =>
  ok(ids.map((taskId): PollOutcome => ({ status: 'pending', taskId })))

describe('AsyncPoller', () => {
  it('asks at once after a restart, then backs off by the factor up to the cap', async () => {
    const t = setup(['a'], pending)
    const controller = new AbortController()
    void t.poller.start(controller.signal)
    await t.clock.advance(200_000)
    const gaps = t.polls.slice(1).map((p, i) => p.at - t.polls[i]!.at)
    expect(t.polls[0]!.at).toBe(0)
    expect(gaps.slice(0, 8)).toEqual([
      3_000, 4_500, 6_750, 10_125, 15_187.5, 22_781.25, 30_000, 30_000,
    ])
    expect(t.poller.stats.pending).toBe(t.polls.length)
    expect(t.poller.running).toBe(true)
    controller.abort()
    await t.poller.whenStopped()
    expect(t.poller.running).toBe(false)
  })

  it('a task tracked after submission is first asked about after firstMs', async () => {
    const t = setup([], pending)
    const controller = new AbortController()
    t.poller.track('fresh', 'green', 1_000_000)
    void t.poller.start(controller.signal)
    await t.clock.advance(1_999)
    expect(t.polls).toHaveLength(0)
    await t.clock.advance(1)
    expect(t.polls).toHaveLength(1)
    controller.abort()
    await t.poller.whenStopped()
  })

  it('asks about at most 100 tasks per request', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `t${String(i)}`)
    const t = setup(ids, (asked) =>
      ok(
        asked.map((taskId): PollOutcome => ({
          status: 'done',
          taskId,
          results: [],
          unsupported: [],
        })),
      ),
    )
    void t.poller.start(new AbortController().signal)
    await t.clock.advance(10)
    await t.poller.whenStopped()
    expect(t.polls.map((p) => p.ids.length)).toEqual([100, 100, 50])
    expect(t.done).toHaveLength(250)
  })

  it('gives a task up after Green’s one-hour window, as retryable, and asks no more', async () => {
    const t = setup(['slow'], pending)
    void t.poller.start(new AbortController().signal)
    await t.clock.advance(60_000)
    const asked = t.polls.length
    t.advanceWall(60 * 60 * 1000)
    await t.clock.advance(60_000)
    await t.poller.whenStopped()
    expect(t.polls.length).toBe(asked + 1)
    expect(t.failed).toHaveLength(1)
    expect(t.failed[0]!.error).toMatchObject({ code: 'TASK_EXPIRED', retryable: true })
  })

  it('a 594 (expired) becomes retryable so the image is submitted again', async () => {
    const t = setup(['gone'], (ids) =>
      ok(
        ids.map((taskId): PollOutcome => ({
          status: 'failed',
          taskId,
          error: appError('TASK_EXPIRED', 'expired', false),
        })),
      ),
    )
    void t.poller.start(new AbortController().signal)
    await t.clock.advance(10)
    await t.poller.whenStopped()
    expect(t.failed[0]!.error).toMatchObject({ code: 'TASK_EXPIRED', retryable: true })
  })

  it('a retryable request error (588, 5xx) backs off and asks again; an auth error stops', async () => {
    let calls = 0
    const t = setup(['x'], (ids) => {
      calls++
      if (calls === 1) return err(appError('THROTTLED', '588', true))
      if (calls === 2) return err(appError('AUTH_INVALID_KEY', 'bad key'))
      return pending(ids)
    })
    void t.poller.start(new AbortController().signal)
    await t.clock.advance(10_000)
    await t.poller.whenStopped()
    expect(t.poller.stats.retries).toBe(1)
    expect(t.polls.map((p) => p.at)).toEqual([0, 3_000])
    expect(t.stopped.map((e) => e.code)).toEqual(['AUTH_INVALID_KEY'])
    expect(t.failed).toHaveLength(0)
  })
})
