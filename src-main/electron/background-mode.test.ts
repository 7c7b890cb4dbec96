import { describe, expect, it, vi } from 'vitest'
import type { Progress } from '../../src-shared/domain'
import { BackgroundMode, type QuitChoice } from './background-mode'
import type { ShellStatus } from './shell-status'

const progress = (queued: number): Progress => ({
  total: 10,
  queued,
  running: 0,
  done: 10 - queued,
  failed: 0,
  cancelled: 0,
  blocked: 0,
  review: 0,
})

function setup(
  platform: NodeJS.Platform,
  initial: Partial<ShellStatus> = {},
  answer: QuitChoice = 'cancel',
) {
  let status: ShellStatus = {
    progress: progress(0),
    queue: 'idle',
    watching: 0,
    language: 'en',
    undoable: false,
    ...initial,
  }
  const deps = {
    platform,
    status: () => status,
    quit: vi.fn(),
    closeWindows: vi.fn(),
    askQuit: vi.fn(() => Promise.resolve(answer)),
    showBackgroundNotice: vi.fn(),
    changed: vi.fn(),
    cancelled: vi.fn(),
  }
  const mode = new BackgroundMode(deps)
  const set = (patch: Partial<ShellStatus>) => {
    status = { ...status, ...patch }
    mode.statusChanged(status)
  }
  return { mode, deps, set }
}

const quitEvent = () => ({ preventDefault: vi.fn() })

describe('background mode', () => {
  it.each(['win32', 'linux'] as const)(
    'on %s, closing the window quits when nothing is watched',
    (platform) => {
      const { mode, deps } = setup(platform)
      mode.windowAllClosed()
      expect(deps.quit).toHaveBeenCalledOnce()
      expect(mode.keepsRunning).toBe(false)
    },
  )

  it.each(['win32', 'linux', 'darwin'] as const)(
    'on %s, a watched folder keeps Greenlight running in the tray, and says so',
    (platform) => {
      const { mode, deps } = setup(platform, { watching: 1 })
      mode.windowAllClosed()
      expect(deps.quit).not.toHaveBeenCalled()
      expect(mode.keepsRunning).toBe(true)
      expect(deps.showBackgroundNotice).toHaveBeenCalledOnce()
    },
  )

  it('on macOS, closing the window never quits (the dock keeps the app)', () => {
    const { mode, deps } = setup('darwin')
    mode.windowAllClosed()
    expect(deps.quit).not.toHaveBeenCalled()
  })

  it('quits without asking when no batch is running', () => {
    const { mode, deps } = setup('linux', { queue: 'paused', progress: progress(4) })
    const event = quitEvent()
    mode.beforeQuit(event)
    expect(event.preventDefault).not.toHaveBeenCalled()
    expect(deps.askQuit).not.toHaveBeenCalled()
  })

  it('asks while a batch runs; Cancel keeps the app as it was', async () => {
    const { mode, deps } = setup('linux', { queue: 'running', progress: progress(4) }, 'cancel')
    const event = quitEvent()
    mode.beforeQuit(event)
    expect(event.preventDefault).toHaveBeenCalledOnce()
    // Asked after the last window closed (Windows, Linux): the window comes back.
    await vi.waitFor(() => {
      expect(deps.cancelled).toHaveBeenCalledOnce()
    })
    expect(deps.askQuit).toHaveBeenCalledOnce()
    expect(deps.quit).not.toHaveBeenCalled()
    expect(deps.closeWindows).not.toHaveBeenCalled()
  })

  it('Stop quits now, and that quit is not asked about again', async () => {
    const { mode, deps } = setup('win32', { queue: 'running', progress: progress(4) }, 'stop')
    mode.beforeQuit(quitEvent())
    await vi.waitFor(() => {
      expect(deps.quit).toHaveBeenCalledOnce()
    })
    const again = quitEvent()
    mode.beforeQuit(again)
    expect(again.preventDefault).not.toHaveBeenCalled()
  })

  it('Finish in the background closes the window, keeps the tray, and quits when the batch ends', async () => {
    const { mode, deps, set } = setup(
      'linux',
      { queue: 'running', progress: progress(4) },
      'finish',
    )
    mode.beforeQuit(quitEvent())
    await vi.waitFor(() => {
      expect(deps.closeWindows).toHaveBeenCalledOnce()
    })
    expect(mode.keepsRunning).toBe(true)
    mode.windowAllClosed()
    set({ progress: progress(1) })
    expect(deps.quit).not.toHaveBeenCalled()
    set({ progress: progress(0), queue: 'idle' })
    expect(deps.quit).toHaveBeenCalledOnce()
    const last = quitEvent()
    mode.beforeQuit(last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })

  it('reopening the window during a background finish cancels the quit that would follow', async () => {
    const { mode, deps, set } = setup(
      'linux',
      { queue: 'running', progress: progress(4) },
      'finish',
    )
    mode.beforeQuit(quitEvent())
    await vi.waitFor(() => {
      expect(deps.closeWindows).toHaveBeenCalledOnce()
    })
    mode.windowShown()
    set({ progress: progress(0), queue: 'idle' })
    expect(deps.quit).not.toHaveBeenCalled()
  })
})
