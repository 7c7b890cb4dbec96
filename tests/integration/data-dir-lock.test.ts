import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock, isRunning } from '../../src-main/core/store/data-dir-lock'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-lock-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const noop = () => undefined

describe('acquireDataDirLock', () => {
  it('gives the folder to the first process only, and to the next one once released', async () => {
    const first = await acquireDataDirLock(dir, noop)
    const second = await acquireDataDirLock(dir, noop)
    expect(first.owner).toBe(true)
    expect(second.owner).toBe(false)
    await stat(join(dir, 'greenlight.lock'))
    await second.release()
    expect((await acquireDataDirLock(dir, noop)).owner).toBe(false)
    await first.release()
    const third = await acquireDataDirLock(dir, noop)
    expect(third.owner).toBe(true)
    await third.release()
    await third.release() // twice is harmless (close paths may both release)
  })
})

describe('a holder killed with -9', () => {
  it('is taken over at once when its recorded process is gone', async () => {
    const { spawn } = await import('node:child_process')
    const { writeFile: write } = await import('node:fs/promises')
    const { hostname } = await import('node:os')
    const held = await acquireDataDirLock(dir, noop)
    expect(held.owner).toBe(true)
    // Pretend a process that has since exited holds it (the lock itself is still fresh).
    const child = spawn(process.execPath, ['-e', ''])
    const pid = child.pid!
    await new Promise((resolve) => child.on('exit', resolve))
    await write(join(dir, 'greenlight.lock.owner'), JSON.stringify({ pid, host: hostname() }))
    const next = await acquireDataDirLock(dir, noop)
    expect(next.owner).toBe(true)
    await next.release()
    await held.release()
  })

  it('is not taken over while the recorded process runs', async () => {
    const held = await acquireDataDirLock(dir, noop)
    // The recorded holder is this test process: alive.
    const other = await acquireDataDirLock(dir, noop)
    expect(other.owner).toBe(false)
    await held.release()
  })
})

describe.runIf(process.platform === 'linux')(
  'a holder killed and not yet reaped (a zombie)',
  () => {
    it('is taken over at once: it still answers kill(pid, 0), but it is not running', async () => {
      const { spawn } = await import('node:child_process')
      const { readFile, writeFile: write } = await import('node:fs/promises')
      const { hostname } = await import('node:os')
      // A parent that never waits (exec'd into sleep) keeps its killed child a zombie.
      const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'])
      const pid = await new Promise<number>((resolve) =>
        parent.stdout.once('data', (d: Buffer) => {
          resolve(Number(d.toString('utf8').trim()))
        }),
      )
      try {
        // Only once the shell has become `sleep`: before that, the shell itself might reap it.
        const comm = () => readFile(`/proc/${String(parent.pid)}/comm`, 'utf8')
        while ((await comm()).trim() !== 'sleep') await new Promise((r) => setTimeout(r, 10))
        process.kill(pid, 'SIGKILL')
        const state = async () =>
          /State:\s+(\S)/.exec(await readFile(`/proc/${String(pid)}/status`, 'utf8'))?.[1]
        while ((await state()) !== 'Z') await new Promise((r) => setTimeout(r, 10))
        expect(() => process.kill(pid, 0)).not.toThrow()
        expect(await isRunning(pid)).toBe(false)
        const held = await acquireDataDirLock(dir, noop)
        await write(join(dir, 'greenlight.lock.owner'), JSON.stringify({ pid, host: hostname() }))
        const next = await acquireDataDirLock(dir, noop)
        expect(next.owner).toBe(true)
        await next.release()
        await held.release()
      } finally {
        parent.kill('SIGKILL')
      }
    })
  },
)
