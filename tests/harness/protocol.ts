/** Messages on the harness WebSocket: the same bridge as Electron IPC, framed as JSON. */
export interface InvokeMessage {
  id: number
  channel: string
  payload?: unknown
}

export interface ReplyMessage {
  id: number
  result: unknown
}

export interface EventMessage {
  event: string
  payload: unknown
}

export const BRIDGE_PATH = '/__harness/bridge'
export const BRIDGE_SCRIPT_PATH = '/__harness/bridge.js'
export const THUMB_PATH = '/__harness/thumb/'
export const PREVIEW_PATH = '/__harness/preview/'

/**
 * The largest message either side sends: a bigger request is answered with a VALIDATION error
 * (the renderer chunks large adds well below it). Frames up to MAX_FRAME_BYTES are read to find
 * the request's id for that answer; beyond it the socket closes (1009) and the harness stays up.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024
export const MAX_FRAME_BYTES = 4 * MAX_MESSAGE_BYTES

/** The id of a request too big to parse, from its start: the bridge writes `{"id":N,` first. */
export function leadingId(text: string): number | null {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*,/.exec(text)
  return match ? Number(match[1]) : null
}

export function tooLargeMessage(bytes: number): string {
  return `This request is ${(bytes / 2 ** 20).toFixed(1)} MiB, over the ${String(MAX_MESSAGE_BYTES / 2 ** 20)} MiB one message may carry. Add fewer items at once.`
}
