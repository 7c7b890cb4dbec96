import { describe, expect, it } from 'vitest'
import type { Progress } from '../../../src-shared/domain'
import type { QueueStatus } from '../../../src-shared/ipc'
import type { AppError } from '../../../src-shared/result'
import { forwardTo, ScanListeners } from './scan-listeners'

const status: QueueStatus = { state: 'running', error: null, inFlight: 0, engines: [] }

describe('ScanListeners', () => {
  it('a listener that throws is reported and the others still hear the event', () => {
    const errors: AppError[] = []
    const listeners = new ScanListeners((error) => errors.push(error))
    const heard: string[] = []
    listeners.on(() => {
      throw new Error('printer bug')
    })
    const off = listeners.on((event) => heard.push(event.type))
    listeners.emit({ type: 'status', status })
    off()
    listeners.emit({ type: 'status', status })
    expect(heard).toEqual(['status'])
    expect(errors.map((e) => e.message)).toEqual(['printer bug', 'printer bug'])
  })

  it('forwardTo sends items, progress and status to the hub, and keeps finished items to the run', () => {
    const calls: string[] = []
    const listener = forwardTo({
      itemsChanged: (items) => calls.push(`items ${String(items.length)}`),
      progressChanged: (progress) => calls.push(`progress ${String(progress.total)}`),
      queueChanged: (s) => calls.push(`status ${s.state}`),
    })
    listener({ type: 'items', items: [] })
    listener({ type: 'progress', progress: { total: 3 } as Progress })
    listener({ type: 'status', status })
    listener({ type: 'finished', item: {} as never })
    expect(calls).toEqual(['items 0', 'progress 3', 'status running'])
  })
})
