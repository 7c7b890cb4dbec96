import type {
  CallOptions,
  GreenClient,
  GreenResult,
  GreenTaskOutcome,
  ScanResponse,
} from './green-client'
import { MAX_TASKS_PER_REQUEST } from './green-types'
import { transportError } from './green-errors'

export interface PollOptions {
  /** Green suggests about 5 s between polls of a 280 task (§6). */
  readonly intervalMs?: number
  /** Give up after this long; tasks still running come back as 'pending'. */
  readonly maxWaitMs?: number
  readonly signal?: AbortSignal
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve()
      return
    }
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * Polls `/green/image/results` until no task answers 280 (§6), in chunks of 100. Retryable
 * request-level errors (588, 5xx, network) wait a round and try again; others end the wait.
 */
export async function pollAsyncResults(
  client: GreenClient,
  taskIds: readonly string[],
  options: PollOptions = {},
): Promise<GreenResult<readonly GreenTaskOutcome[]>> {
  const interval = options.intervalMs ?? 5_000
  const deadline = Date.now() + (options.maxWaitMs ?? 120_000)
  const settled = new Map<string, GreenTaskOutcome>()
  let waiting = [...taskIds]
  const call: CallOptions = options.signal !== undefined ? { signal: options.signal } : {}
  for (;;) {
    for (let start = 0; start < waiting.length; start += MAX_TASKS_PER_REQUEST) {
      const chunk = waiting.slice(start, start + MAX_TASKS_PER_REQUEST)
      const answer: GreenResult<ScanResponse> = await client.imageAsyncScanResults(chunk, call)
      if (!answer.ok) {
        if (!answer.error.retryable) return answer
        continue
      }
      answer.value.tasks.forEach((task, index) => {
        const id = task.taskId ?? chunk[index]
        if (id !== undefined && task.status !== 'pending') settled.set(id, task)
      })
    }
    waiting = waiting.filter((id) => !settled.has(id))
    if (waiting.length === 0 || Date.now() + interval > deadline) break
    await pause(interval, options.signal)
    if (options.signal?.aborted === true) {
      return { ok: false, error: transportError(undefined, 'Polling Green', true, false) }
    }
  }
  return {
    ok: true,
    value: taskIds.map((taskId) => settled.get(taskId) ?? { status: 'pending', taskId }),
  }
}
