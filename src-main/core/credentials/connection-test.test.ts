import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../engines/green/emulator/emulator'
import { testConnection } from './connection-test'
import type { ResolvedCredentials } from './credentials-service'

let emulator: RunningEmulator
let notGreen: Server
let notGreenUrl: string

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  // A web server that is not Green: an HTML 404 for every path.
  notGreen = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/html' })
    res.end('<html><body>Not Found</body></html>')
  })
  await new Promise<void>((r) => notGreen.listen(0, '127.0.0.1', r))
  const address = notGreen.address()
  notGreenUrl = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`
})

afterAll(async () => {
  await emulator.close()
  await new Promise((r) => notGreen.close(r))
})

function creds(
  patch: Partial<ResolvedCredentials['accessKey']> = {},
  endpoint?: string,
): ResolvedCredentials {
  return {
    accessKey: {
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      ...patch,
    },
    source: 'keychain',
    profile: 'default',
    region: 'cn-shanghai',
    endpoint: endpoint ?? emulator.endpoint,
  }
}

describe('testConnection', () => {
  it('reports ok for a good key, with the request id', async () => {
    const result = await testConnection(creds())
    expect(result.outcome).toBe('ok')
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/)
  })

  it('reports a wrong secret and an unknown AccessKey ID as wrong-key', async () => {
    expect((await testConnection(creds({ accessKeySecret: 'not-the-secret' }))).outcome).toBe(
      'wrong-key',
    )
    expect((await testConnection(creds({ accessKeyId: 'LTAInobodyKnowsMe' }))).outcome).toBe(
      'wrong-key',
    )
  })

  it('reports 596 (service not activated) as no-permission', async () => {
    emulator.injectFaults({ kind: 'request-code', code: 596, msg: 'PERMISSION_DENY' })
    const result = await testConnection(creds())
    expect(result.outcome).toBe('no-permission')
  })

  it('reports a closed port as network', async () => {
    const result = await testConnection(creds({}, 'http://127.0.0.1:9'))
    expect(result.outcome).toBe('network')
    expect(result.message).toContain('127.0.0.1:9')
  })

  it('reports a server that is not Green as not-green', async () => {
    const result = await testConnection(creds({}, notGreenUrl))
    expect(result.outcome).toBe('not-green')
  })
})
