import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { MemoryCredentialStore } from '../../core/credentials/memory-credential-store'
import { startEmulator } from '../../core/engines/green/emulator/emulator'
import { GreenClient } from '../../core/engines/green/green-client'
import { createCliContext } from '../cli-context'
import { runCli } from '../program'
import { UsageError } from '../usage-error'
import { emulatorOptionsFrom, runEmulatorUntil } from './emulator'

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

const defaults = { port: '0', qps: '50', latencyMs: '0', faultRate: '0', asyncDelayMs: '2000' }

describe('greenlight emulator', () => {
  it('validates its flags', () => {
    expect(emulatorOptionsFrom({ ...defaults, port: '8080', faultRate: '0.25' })).toMatchObject({
      port: 8080,
      faultRate: 0.25,
    })
    expect(() => emulatorOptionsFrom({ ...defaults, port: '70000' })).toThrow(UsageError)
    expect(() => emulatorOptionsFrom({ ...defaults, faultRate: '2' })).toThrow(/fault-rate/)
    expect(() => emulatorOptionsFrom({ ...defaults, ak: 'only-id' })).toThrow(/--ak and --secret/)
  })

  it('prints its endpoint and key, serves a client that uses them, and stops on the signal', async () => {
    const out = sink()
    const err = sink()
    const stop = new AbortController()
    const running = runEmulatorUntil(
      { port: 0, accessKeyId: 'LTAIcli', accessKeySecret: 's3cret' },
      { stdout: out.stream, stderr: err.stream },
      stop.signal,
    )
    await until(() => out.text().includes('Ctrl+C'))
    const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.text())?.[1]
    expect(endpoint).toBeDefined()
    expect(out.text()).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIcli')
    expect(out.text()).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET=s3cret')
    expect(out.text()).toContain(`--endpoint ${endpoint ?? ''}`)
    const client = GreenClient.create({
      endpoint: endpoint ?? '',
      credentials: { accessKeyId: 'LTAIcli', accessKeySecret: 's3cret' },
    })
    if (!client.ok) throw new Error(client.error.message)
    const answer = await client.value.uploadCredentials()
    expect(answer.ok).toBe(true)
    await client.value.close()
    stop.abort()
    await running
    expect(err.text()).toContain('stopped')
    const after = GreenClient.create({
      endpoint: endpoint ?? '',
      credentials: { accessKeyId: 'LTAIcli', accessKeySecret: 's3cret' },
    })
    if (!after.ok) throw new Error(after.error.message)
    const refused = await after.value.uploadCredentials()
    expect(!refused.ok && refused.error.code).toBe('NETWORK')
    await after.value.close()
  })

  it('runs from the CLI and exits 0 on SIGTERM', async () => {
    const out = sink()
    const err = sink()
    const ctx = createCliContext({ stdout: out.stream, stderr: err.stream, env: {} })
    const before = process.listenerCount('SIGTERM')
    const exit = runCli(['emulator', '--port', '0', '--qps', '10'], ctx)
    await until(() => out.text().includes('Ctrl+C'))
    expect(out.text()).toContain('QPS 10 images/s')
    // Our handler is the only one added; emitting reaches just it.
    expect(process.listenerCount('SIGTERM')).toBe(before + 1)
    process.emit('SIGTERM')
    expect(await exit).toBe(0)
    expect(process.listenerCount('SIGTERM')).toBe(before)
  })

  it('a bad flag is a usage error (exit 2)', async () => {
    const err = sink()
    const ctx = createCliContext({ stdout: new PassThrough(), stderr: err.stream, env: {} })
    expect(await runCli(['emulator', '--qps', 'lots'], ctx)).toBe(2)
    expect(err.text()).toContain('--qps')
  })

  it('the printed credentials-profile recipe makes `credentials test` pass against it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'greenlight-emu-cli-'))
    const emu = await startEmulator({ port: 0 })
    try {
      const store = new MemoryCredentialStore()
      const run = async (argv: string[], stdinText = '') => {
        const out = sink()
        const err = sink()
        const ctx = createCliContext({
          stdin: Readable.from([stdinText]),
          stdout: out.stream,
          stderr: err.stream,
          env: { GREENLIGHT_HOME: home },
          credentialStore: store,
        })
        return { code: await runCli(argv, ctx), out: out.text(), err: err.text() }
      }
      const set = await run(
        ['credentials', 'set', '--profile', 'emulator', '--endpoint', emu.endpoint],
        `${emu.accessKeyId}\n${emu.accessKeySecret}\n`,
      )
      expect(set.code, set.err).toBe(0)
      const tested = await run(['credentials', 'test'])
      expect(tested.out).toMatch(/^ok: Connected to Green at http:\/\/127\.0\.0\.1:/)
      expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(1)
    } finally {
      await emu.close()
      await rm(home, { recursive: true, force: true })
    }
  })
})
