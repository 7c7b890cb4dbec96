import { appError, err, toAppError, type Result } from '../../src-shared/result'
import { invokeChannels, isInvokeChannel } from '../../src-shared/ipc'
import type { z } from 'zod'
import type { Api, ApiHandler } from './api'

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ')
}

/**
 * The single entry every transport calls (Electron IPC, the harness WebSocket): checks the
 * channel, parses the payload against the contract, runs the handler, and turns any throw into
 * an AppError, so a caller always gets a Result and main never crashes on bad input.
 */
export async function dispatch(
  api: Api,
  channel: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return err(appError('UNKNOWN_CHANNEL', `Unknown channel: ${String(channel).slice(0, 100)}`))
  }
  const parsed = invokeChannels[channel].request.safeParse(payload)
  if (!parsed.success) {
    return err(
      appError('VALIDATION', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`),
    )
  }
  try {
    // The parsed payload matches this channel's schema; TS cannot correlate the two unions.
    const handler: ApiHandler<typeof channel> = api[channel]
    return await handler(parsed.data)
  } catch (thrown) {
    return err(toAppError(thrown))
  }
}
