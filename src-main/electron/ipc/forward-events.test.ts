import type { Progress } from '../../../src-shared/domain'
import { describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../core/events/event-hub'
import { forwardEvents } from './forward-events'

const progress: Progress = {
  total: 3,
  queued: 1,
  running: 1,
  done: 1,
  failed: 0,
  cancelled: 0,
  blocked: 0,
  review: 0,
}

function fakeWindow() {
  const send = vi.fn()
  const state = { windowDestroyed: false, contentsDestroyed: false }
  const window = {
    isDestroyed: () => state.windowDestroyed,
    webContents: { isDestroyed: () => state.contentsDestroyed, send },
  }
  return { window, send, state }
}

describe('forwardEvents', () => {
  it('sends each coalesced event to the window as (event, payload)', () => {
    const hub = new EventHub(10_000)
    const { window, send } = fakeWindow()
    forwardEvents(hub, () => window as never)
    hub.progressChanged(progress)
    hub.flush()
    expect(send).toHaveBeenCalledWith('progress:changed', progress)
  })

  it('skips a missing or destroyed window without throwing', () => {
    const hub = new EventHub(10_000)
    const { window, send, state } = fakeWindow()
    let current: typeof window | null = null
    forwardEvents(hub, () => current as never)
    hub.progressChanged(progress)
    expect(() => {
      hub.flush()
    }).not.toThrow()
    current = window
    state.contentsDestroyed = true
    hub.progressChanged(progress)
    hub.flush()
    state.contentsDestroyed = false
    state.windowDestroyed = true
    hub.progressChanged(progress)
    hub.flush()
    expect(send).not.toHaveBeenCalled()
  })

  it('stops sending after unsubscribe', () => {
    const hub = new EventHub(10_000)
    const { window, send } = fakeWindow()
    const stop = forwardEvents(hub, () => window as never)
    stop()
    hub.progressChanged(progress)
    hub.flush()
    expect(send).not.toHaveBeenCalled()
  })
})
