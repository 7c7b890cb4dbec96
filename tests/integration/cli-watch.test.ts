import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../fixtures/images'

let dir = ''
let child: ChildProcessWithoutNullStreams | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-watch-'))
})
afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  child = null
  await rm(dir, { recursive: true, force: true })
})

/** The built CLI in its own process, as a user runs it, so Ctrl-C and SIGTERM are real signals. */
function startWatch(args: string[]) {
  const proc = spawn(process.execPath, [resolve('bin/greenlight.js'), 'watch', ...args], {
    env: {
      ...process.env,
      GREENLIGHT_HOME: join(dir, 'home'),
      ALIBABA_CLOUD_ACCESS_KEY_ID: '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
    },
  })
  child = proc
  const out = { stdout: '', stderr: '' }
  proc.stdout.on('data', (b: Buffer) => (out.stdout += b.toString()))
  proc.stderr.on('data', (b: Buffer) => (out.stderr += b.toString()))
  const exited = new Promise<number | null>((r) => {
    proc.on('exit', (code) => {
      r(code)
    })
  })
  return { proc, out, exited }
}

const POLL = { timeout: 60_000, interval: 100 }

describe('greenlight watch in its own process', () => {
  it('prints one line per verdict for files landing in the folder, and drains on Ctrl-C', async () => {
    const inbox = join(dir, 'inbox')
    await mkdir(inbox)
    await writeFile(join(inbox, 'already.jpg'), await photoLikeJpeg(320, 240, 31))
    const { proc, out, exited } = startWatch([inbox, '--engine', 'local', '--scenes', 'porn'])
    await expect.poll(() => out.stderr, POLL).toContain(`Watching ${inbox}`)
    await writeFile(join(inbox, 'landed.jpg'), await photoLikeJpeg(320, 240, 32))
    await writeFile(join(inbox, 'notes.txt'), 'ignored')
    await expect.poll(() => out.stdout.trim().split('\n').filter(Boolean).length, POLL).toBe(2)
    const lines = out.stdout.trim().split('\n')
    expect(lines.find((l) => l.includes('landed.jpg'))).toMatch(/^done\s+(pass|review|block)\s/)
    expect(lines.find((l) => l.includes('already.jpg'))).toMatch(/^done\s/)
    proc.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(out.stderr).toContain('Stopping')
    expect(out.stderr).toContain('Stopped.')
  }, 120_000)

  it('stops cleanly on SIGTERM, and a restart does not rescan what it already judged', async () => {
    const inbox = join(dir, 'inbox')
    await mkdir(inbox)
    await writeFile(join(inbox, 'once.jpg'), await photoLikeJpeg(320, 240, 33))
    const first = startWatch([inbox, '--engine', 'local', '--scenes', 'porn'])
    await expect.poll(() => first.out.stdout, POLL).toContain('once.jpg')
    first.proc.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.out.stderr).toContain('Stopped.')

    await writeFile(join(inbox, 'twice.jpg'), await photoLikeJpeg(320, 240, 34))
    const second = startWatch([inbox, '--engine', 'local', '--scenes', 'porn'])
    await expect.poll(() => second.out.stdout, POLL).toContain('twice.jpg')
    second.proc.kill('SIGINT')
    second.proc.kill('SIGINT')
    expect(await second.exited).toBe(0)
    expect(second.out.stdout).not.toContain('once.jpg')
  }, 120_000)

  it('prints verdict lines for files named with escape sequences escaped, not obeyed', async () => {
    const inbox = join(dir, 'inbox \x1b[2J')
    await mkdir(inbox)
    const { proc, out, exited } = startWatch([inbox, '--engine', 'local', '--scenes', 'porn'])
    await expect.poll(() => out.stderr, POLL).toContain('Watching ')
    await writeFile(join(inbox, '\x1b]0;pwned\x07.jpg'), await photoLikeJpeg(160, 120, 35))
    await expect.poll(() => out.stdout, POLL).toContain('.jpg')
    proc.kill('SIGINT')
    expect(await exited).toBe(0)
    const shown = join(dir, 'inbox \\x1b[2J', '\\x1b]0;pwned\\x07.jpg')
    expect(out.stdout).toMatch(/^done\s/)
    expect(out.stdout).toContain(` ${shown}  `)
    expect(out.stderr).toContain(`Watching ${join(dir, 'inbox \\x1b[2J')}`)
    for (const raw of ['\x1b', '\x07']) expect(out.stdout + out.stderr).not.toContain(raw)
  }, 120_000)
})
