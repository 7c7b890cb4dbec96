import { describe, expect, it } from 'vitest'
import {
  appError,
  err,
  ok,
  type AppError,
  type ErrorCode,
  type Result,
} from '../../../src-shared/result'
import { ManualClock } from './rate-limiter'
import { backoffDelay, failureAction, RetryPolicy, stopsQueue, type RetryRun } from './retry-policy'

const throttled = (n: number) => appError('THROTTLED', `588 number ${n}`, true)

/** A call that fails with the given errors in turn, then succeeds; records when it ran. */
function scripted(clock: ManualClock, failures: readonly AppError[]) {
  const calls: number[] = []
  const call = (attempt: number): Promise<Result<string>> => {
    calls.push(clock.now())
    const failure = failures[attempt - 1]
    return Promise.resolve(failure ? err(failure) : ok(`done on ${attempt}`))
  }
  return { calls, call }
}

async function runToEnd<T>(clock: ManualClock, promise: Promise<RetryRun<T>>) {
  let outcome: RetryRun<T> | undefined
  void promise.then((value) => (outcome = value))
  for (let i = 0; i < 100 && outcome === undefined; i++) await clock.advance(1000)
  if (outcome === undefined) throw new Error('retry run never finished')
  return outcome
}

describe('RetryPolicy', () => {
  it('retries retryable errors with growing jittered waits, then succeeds', async () => {
    const clock = new ManualClock()
    const policy = new RetryPolicy({ clock, random: () => 0.5, baseDelayMs: 500, attempts: 4 })
    const { calls, call } = scripted(clock, [throttled(1), throttled(2)])
    const delays: number[] = []
    const run = await runToEnd(
      clock,
      policy.run(call, { onRetry: (_e, _a, delay) => delays.push(delay) }),
    )
    expect(run.result).toEqual({ ok: true, value: 'done on 3' })
    expect(run.attempts).toBe(3)
    // Half of 500, then half of 1000.
    expect(delays).toEqual([250, 500])
    expect(calls).toEqual([0, 250, 750])
  })

  it('gives up after the bounded attempts with the last error', async () => {
    const clock = new ManualClock()
    const policy = new RetryPolicy({ clock, random: () => 0.1, attempts: 3 })
    const { calls, call } = scripted(clock, [1, 2, 3, 4, 5].map(throttled))
    const run = await runToEnd(clock, policy.run(call))
    expect(calls).toHaveLength(3)
    expect(run.attempts).toBe(3)
    expect(run.result).toEqual({ ok: false, error: throttled(3) })
  })

  it('fails at once on an error that is not retryable', async () => {
    const clock = new ManualClock()
    const policy = new RetryPolicy({ clock })
    const bad = appError('BAD_REQUEST', 'Green rejected the request.', false)
    const { calls, call } = scripted(clock, [bad])
    const run = await runToEnd(clock, policy.run(call))
    expect(calls).toHaveLength(1)
    expect(run.result).toEqual({ ok: false, error: bad })
  })

  it('never retries a queue-stopping error, even one marked retryable', async () => {
    const clock = new ManualClock()
    const policy = new RetryPolicy({ clock })
    const auth = appError('AUTH_EXPIRED', 'The STS token expired.', true)
    const { calls, call } = scripted(clock, [auth])
    const run = await runToEnd(clock, policy.run(call))
    expect(calls).toHaveLength(1)
    expect(run.result).toEqual({ ok: false, error: auth })
  })

  it('stops waiting when aborted and makes no further call', async () => {
    const clock = new ManualClock()
    const policy = new RetryPolicy({ clock, random: () => 0.9, attempts: 5 })
    const { calls, call } = scripted(clock, [1, 2, 3, 4].map(throttled))
    const controller = new AbortController()
    let outcome: RetryRun<string> | undefined
    void policy.run(call, { signal: controller.signal }).then((value) => (outcome = value))
    await clock.advance(100)
    expect(outcome).toBeUndefined()
    controller.abort()
    await clock.advance(0)
    expect(outcome?.result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CANCELLED' }) as unknown,
    })
    expect(outcome?.attempts).toBe(1)
    await clock.advance(60_000)
    expect(calls).toHaveLength(1)
    expect(clock.pendingTimers).toBe(0)
  })

  it('makes no call at all with an already aborted signal', async () => {
    const clock = new ManualClock()
    const { calls, call } = scripted(clock, [])
    const run = await new RetryPolicy({ clock }).run(call, { signal: AbortSignal.abort() })
    expect(calls).toHaveLength(0)
    expect(run.attempts).toBe(0)
    expect(run.result.ok).toBe(false)
  })
})

describe('backoffDelay', () => {
  it('doubles the jitter ceiling each retry up to the maximum', () => {
    const top = () => 0.999999
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((retry) =>
      backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 2000 }, top),
    )
    expect(ceilings).toEqual([99, 199, 399, 799, 1599, 1999, 1999])
  })

  it('is full jitter: anywhere from zero to the ceiling', () => {
    expect(backoffDelay(3, { baseDelayMs: 100 }, () => 0)).toBe(0)
    expect(backoffDelay(3, { baseDelayMs: 100 }, () => 0.25)).toBe(100)
  })
})

describe('stopsQueue', () => {
  const codes: [ErrorCode, boolean][] = [
    ['AUTH_INVALID_KEY', true],
    ['AUTH_SIGNATURE', true],
    ['AUTH_EXPIRED', true],
    ['PERMISSION_DENIED', true],
    ['SERVICE_NOT_ACTIVATED', true],
    ['CREDENTIALS_MISSING', true],
    ['THROTTLED', false],
    ['NETWORK', false],
    ['SERVER_ERROR', false],
    ['FILE_NOT_FOUND', false],
    ['BAD_REQUEST', false],
  ]
  it.each(codes)('%s stops the queue: %s', (code, expected) => {
    expect(stopsQueue(appError(code, 'x'))).toBe(expected)
  })

  it('honours an explicit stopsQueue flag from the Green client', () => {
    const wrongEndpoint = {
      ...appError('NOT_GREEN_ENDPOINT', 'Check the region.'),
      stopsQueue: true,
    }
    expect(stopsQueue(wrongEndpoint)).toBe(true)
    expect(failureAction(wrongEndpoint)).toBe('stop-queue')
  })

  it('maps errors to what the scan service does', () => {
    expect(failureAction(appError('THROTTLED', 'x', true))).toBe('retry')
    expect(failureAction(appError('NOT_AN_IMAGE', 'x', false))).toBe('fail-item')
    expect(failureAction(appError('PERMISSION_DENIED', 'x', false))).toBe('stop-queue')
  })
})
