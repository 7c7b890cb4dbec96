import { BRIDGE_GLOBAL, type GreenlightBridge } from '../../../src-shared/ipc/bridge'
import { appError, err } from '../../../src-shared/result'
import {
  BRIDGE_PATH,
  MAX_MESSAGE_BYTES,
  PREVIEW_PATH,
  THUMB_PATH,
  tooLargeMessage,
  type EventMessage,
  type ReplyMessage,
} from '../protocol'

/**
 * Runs in the page before the app: implements `window.greenlight` over the harness WebSocket, so
 * the renderer talks to AppCore exactly as it would through the Electron preload. The token comes
 * from the page URL, which only the test (or the person who started the harness) knows.
 */
const token = new URLSearchParams(location.search).get('token') ?? ''
const socket = new WebSocket(
  `ws://${location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`,
)
const pending = new Map<number, (result: unknown) => void>()
const listeners = new Map<string, Set<(payload: unknown) => void>>()
const outbox: string[] = []
let nextId = 1

socket.addEventListener('open', () => {
  for (const message of outbox.splice(0)) socket.send(message)
})

socket.addEventListener('message', (event: MessageEvent<string>) => {
  const message = JSON.parse(event.data) as Partial<ReplyMessage & EventMessage>
  if (typeof message.id === 'number') {
    pending.get(message.id)?.(message.result)
    pending.delete(message.id)
  } else if (typeof message.event === 'string') {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
  }
})

socket.addEventListener('close', () => {
  const lost = err(
    appError('NETWORK', 'The connection to Greenlight was lost. Reload the page.', true),
  )
  for (const resolve of pending.values()) resolve(lost)
  pending.clear()
})

const bridge: GreenlightBridge = {
  invoke: ((channel: string, payload?: unknown) =>
    new Promise<unknown>((resolve) => {
      if (socket.readyState > WebSocket.OPEN) {
        resolve(
          err(
            appError('NETWORK', 'The connection to Greenlight is closed. Reload the page.', true),
          ),
        )
        return
      }
      const id = nextId++
      const message = JSON.stringify({ id, channel, payload })
      // Refused here as the harness would refuse it, without sending tens of MiB to be refused.
      const bytes = new Blob([message]).size
      if (bytes > MAX_MESSAGE_BYTES) {
        resolve(err(appError('VALIDATION', tooLargeMessage(bytes))))
        return
      }
      pending.set(id, resolve)
      if (socket.readyState === WebSocket.OPEN) socket.send(message)
      else outbox.push(message)
    })) as unknown as GreenlightBridge['invoke'],
  on: ((event: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener)
    listeners.set(event, set)
    return () => {
      set.delete(listener)
    }
  }) as GreenlightBridge['on'],
  // A plain browser never reveals a dropped file's path; dropped URLs still work.
  pathForFile: () => null,
  thumbnailUrl: (sha256) =>
    `${THUMB_PATH}${encodeURIComponent(sha256)}?token=${encodeURIComponent(token)}`,
  previewUrl: (sha256, size, frame = 0) =>
    `${PREVIEW_PATH}${encodeURIComponent(sha256)}?size=${size}&frame=${String(frame)}&token=${encodeURIComponent(token)}`,
}

Object.defineProperty(window, BRIDGE_GLOBAL, { value: Object.freeze(bridge), writable: false })
