import { describe, expect, it, vi } from 'vitest'
import { EMPTY_PROGRESS, type Progress } from '../../src-shared/domain'
import { EventHub } from '../core/events/event-hub'
import { trackShellStatus, type ShellStatus } from './shell-status'
import { createTaskbarProgress } from './taskbar-progress'

const progress = (p: Partial<Progress>): Progress => ({ ...EMPTY_PROGRESS, ...p })

function setup() {
  const window = { isDestroyed: () => false, setProgressBar: vi.fn() }
  const setBadgeCount = vi.fn()
  const hub = new EventHub(10_000)
  const initial: ShellStatus = {
    progress: progress({}),
    queue: 'idle',
    watching: 0,
    language: 'en',
    undoable: false,
  }
  const update = createTaskbarProgress({ getWindow: () => window, setBadgeCount })
  trackShellStatus(hub, initial, update)
  const send = (p: Partial<Progress>) => {
    hub.progressChanged(progress(p))
    hub.flush()
  }
  const bars = () => window.setProgressBar.mock.calls.map(([value]) => value as number)
  return { hub, window, setBadgeCount, send, bars }
}

describe('taskbar progress', () => {
  it('shows how far the batch is while it runs and clears the bar when it ends', () => {
    const { send, bars, window } = setup()
    send({ total: 4, queued: 4 })
    send({ total: 4, queued: 2, running: 1, done: 1 })
    send({ total: 4, done: 4 })
    expect(bars()).toEqual([0, 0.25, -1])
    expect(window.setProgressBar).toHaveBeenLastCalledWith(-1, { mode: 'none' })
  })

  it('starts a second batch at zero, not at what earlier batches finished', () => {
    const { send, bars } = setup()
    send({ total: 10, done: 10 })
    send({ total: 14, queued: 4, done: 10 })
    send({ total: 14, queued: 2, done: 12 })
    expect(bars()).toEqual([-1, 0, 0.5])
  })

  it('calls the OS only when the bar would change, not for every progress event', () => {
    const { send, window } = setup()
    send({ total: 1000, queued: 1000 })
    for (let done = 1; done <= 9; done++) send({ total: 1000, queued: 1000 - done, done })
    // 0.1 % steps round to the same percent: one call for all of them.
    expect(window.setProgressBar).toHaveBeenCalledTimes(2)
  })

  it('marks the bar paused while the queue is paused', () => {
    const { hub, send, window } = setup()
    send({ total: 4, queued: 2, done: 2 })
    hub.queueChanged({ state: 'paused', error: null, inFlight: 0, engines: [] })
    expect(window.setProgressBar).toHaveBeenLastCalledWith(0, { mode: 'paused' })
  })

  it('puts the count waiting for review on the badge, and updates it only when it changes', () => {
    const { send, setBadgeCount } = setup()
    send({ total: 3, done: 3, review: 2 })
    send({ total: 3, done: 3, review: 2 })
    send({ total: 3, done: 3, review: 0 })
    expect(setBadgeCount.mock.calls).toEqual([[2], [0]])
  })
})
