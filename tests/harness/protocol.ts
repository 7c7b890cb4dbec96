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
