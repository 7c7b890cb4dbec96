import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { BRIDGE_GLOBAL, type GreenlightBridge } from '../../src-shared/ipc/bridge'
// By file, not through the contract: the names alone keep zod out of the sandboxed preload.
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from '../../src-shared/ipc/channel-names'
import { appError, err, toAppError, type Result } from '../../src-shared/result'

// The bridge is the only door from the page into main: it opens only for contract channels,
// and hands listeners the payload, never the IpcRendererEvent (which leads back to ipcRenderer).

const invokeAllowed: ReadonlySet<string> = new Set(INVOKE_CHANNEL_NAMES)
const eventAllowed: ReadonlySet<string> = new Set(EVENT_CHANNEL_NAMES)
const SHA256_HEX = /^[0-9a-fA-F]{64}$/

async function invoke(channel: unknown, payload?: unknown): Promise<Result<unknown>> {
  if (typeof channel !== 'string' || !invokeAllowed.has(channel)) {
    return err(appError('UNKNOWN_CHANNEL', `Unknown channel: ${String(channel).slice(0, 100)}`))
  }
  try {
    return (await ipcRenderer.invoke(channel, payload)) as Result<unknown>
  } catch (thrown) {
    // Only reachable if main has no handler yet or the window is going away.
    return err(toAppError(thrown))
  }
}

function on(event: unknown, listener: unknown): () => void {
  if (typeof event !== 'string' || !eventAllowed.has(event) || typeof listener !== 'function') {
    return () => undefined
  }
  const forward = (_event: IpcRendererEvent, payload: unknown) => {
    ;(listener as (payload: unknown) => void)(payload)
  }
  ipcRenderer.on(event, forward)
  return () => {
    ipcRenderer.removeListener(event, forward)
  }
}

function thumbnailUrl(sha256: string): string {
  // An id that is not a sha256 still yields a thumb:// URL, which main answers with 400.
  return SHA256_HEX.test(sha256) ? `thumb://img/${sha256.toLowerCase()}` : 'thumb://img/invalid'
}

function previewUrl(sha256: string, size: unknown, frame: unknown = 0): string {
  // Checked here too: whatever the page passes, only a sha256 and a small frame number go out.
  const host = size === 'full' ? 'full' : 'preview'
  const id = SHA256_HEX.test(sha256) ? sha256.toLowerCase() : 'invalid'
  const at = Number.isInteger(frame) && (frame as number) > 0 ? `?frame=${String(frame)}` : ''
  return `thumb://${host}/${id}${at}`
}

function pathForFile(file: unknown): string | null {
  // webUtils answers only for real File objects from a drop or a file input; anything else throws.
  try {
    const path = webUtils.getPathForFile(file as File)
    return path === '' ? null : path
  } catch {
    return null
  }
}

// The contract's generic signatures cannot be checked against runtime-validated strings.
export const bridge = {
  invoke: invoke as GreenlightBridge['invoke'],
  on: on as GreenlightBridge['on'],
  thumbnailUrl,
  previewUrl,
  pathForFile,
} satisfies GreenlightBridge

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
