import { ipcMain, type IpcMain, type IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNEL_NAMES } from '../../../src-shared/ipc'
import { appError, err, type Result } from '../../../src-shared/result'
import type { Api } from '../../core/api'
import { dispatch } from '../../core/api-dispatch'
import type { SenderCheck } from './trusted-sender'

type HandlerRegistry = Pick<IpcMain, 'handle' | 'removeHandler'>

const FORBIDDEN: Result<never> = err(
  appError(
    'FORBIDDEN_SENDER',
    'This request did not come from the Greenlight window and was ignored. Restart Greenlight if you see this inside the app.',
  ),
)

/**
 * The one place main listens on IPC (lint enforces it). Every contract channel gets a handler
 * that checks the sender first and then hands the raw payload to `dispatch`, which parses it
 * and always answers with a Result: a throw would reach the renderer as a bare message.
 * Returns a function that removes the handlers again.
 */
export function registerHandlers(
  ipc: HandlerRegistry,
  api: Api,
  isTrustedSender: SenderCheck,
): () => void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    ipc.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event)) return FORBIDDEN
      return dispatch(api, channel, payload)
    })
  }
  return () => {
    for (const channel of INVOKE_CHANNEL_NAMES) ipc.removeHandler(channel)
  }
}

/** `registerHandlers` on Electron's own ipcMain, for the app entry. */
export function registerAppHandlers(api: Api, isTrustedSender: SenderCheck): () => void {
  return registerHandlers(ipcMain, api, isTrustedSender)
}
