import type { ConnectionTestResult } from '../../../src-shared/ipc'
import type { ErrorCode } from '../../../src-shared/result'
import { GreenClient } from '../engines/green/green-client'
import type { ResolvedCredentials } from './credentials-service'

/** The usual problems, by error code; anything else means the endpoint is not Green. */
const OUTCOME_BY_CODE: Partial<Record<ErrorCode, ConnectionTestResult['outcome']>> = {
  AUTH_INVALID_KEY: 'wrong-key',
  AUTH_SIGNATURE: 'wrong-key',
  AUTH_EXPIRED: 'wrong-key',
  PERMISSION_DENIED: 'no-permission',
  SERVICE_NOT_ACTIVATED: 'no-permission',
  NETWORK: 'network',
  TIMEOUT: 'network',
  CANCELLED: 'network',
}

/**
 * Checks a key against Green with UploadCredentials, which is free, and says in plain words
 * which of the usual problems it is.
 */
export async function testConnection(
  credentials: ResolvedCredentials,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  const created = GreenClient.create({
    credentials: credentials.accessKey,
    region: credentials.region,
    ...(credentials.endpoint ? { endpoint: credentials.endpoint } : {}),
  })
  if (!created.ok) return { outcome: 'not-green', message: created.error.message, requestId: null }
  const client = created.value
  try {
    const answer = await client.uploadCredentials({
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (answer.ok) {
      return {
        outcome: 'ok',
        message: `Connected to Green at ${client.endpoint.origin} with ${credentials.source === 'env' ? 'the environment' : `profile "${String(credentials.profile)}"`}.`,
        requestId: answer.value.requestId,
      }
    }
    const error = answer.error
    const outcome = OUTCOME_BY_CODE[error.code] ?? 'not-green'
    const message =
      outcome === 'network'
        ? `Could not reach ${client.endpoint.origin}: ${error.message}`
        : outcome === 'not-green'
          ? `${client.endpoint.origin} did not answer like Green: ${error.message}`
          : error.message
    return { outcome, message, requestId: error.requestId ?? null }
  } finally {
    await client.close()
  }
}
