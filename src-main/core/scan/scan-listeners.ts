import type { QueueStatus } from '../../../src-shared/ipc'
import { toAppError, type AppError } from '../../../src-shared/result'
import type { EventHub } from '../events/event-hub'
import type { ScanEvent, ScanListener } from './scan-types'

/**
 * The scan service's one listener mechanism. A listener that throws is reported and skipped: a
 * bug in a host's printer must not strand items mid-flight.
 */
export class ScanListeners {
  private readonly listeners = new Set<ScanListener>()

  constructor(private readonly onInternalError: (error: AppError) => void) {}

  on(listener: ScanListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: ScanEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (thrown) {
        this.onInternalError(toAppError(thrown))
      }
    }
  }
}

/** The scan events every host shows, forwarded to the event hub (docs/architecture.md §4). */
export function forwardTo(
  hub: Pick<EventHub, 'itemsChanged' | 'progressChanged'> & {
    queueChanged?(status: QueueStatus): void
  },
): ScanListener {
  return (event) => {
    switch (event.type) {
      case 'items':
        hub.itemsChanged(event.items)
        return
      case 'progress':
        hub.progressChanged(event.progress)
        return
      case 'status':
        hub.queueChanged?.(event.status)
        return
      case 'finished':
        return
    }
  }
}
