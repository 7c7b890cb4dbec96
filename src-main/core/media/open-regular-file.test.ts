import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  hashRegularFile,
  readRegularFile,
  readRegularFileHead,
  openRegularFile,
} from './open-regular-file'

let dir = ''
let server: Server | null = null
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-open-'))
})
afterAll(async () => {
  await new Promise<void>((resolve) => {
    if (server)
      server.close(() => {
        resolve()
      })
    else resolve()
  })
  await rm(dir, { recursive: true, force: true })
})

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function fifo(name: string): string {
  const path = join(dir, name)
  execFileSync('mkfifo', [path])
  return path
}

describe('openRegularFile', () => {
  it('refuses a FIFO at once with NOT_A_FILE instead of blocking in open()', async () => {
    // Without O_NONBLOCK and the type checks, each of these would hang a libuv thread for good.
    const path = fifo('queued.jpg')
    const results = await Promise.all([
      hashRegularFile(path),
      readRegularFile(path, {}),
      readRegularFileHead(path, 16),
      hashRegularFile(path),
      hashRegularFile(path),
    ])
    for (const r of results) {
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_A_FILE' } })
      expect(!r.ok && r.error.message).toMatch(/queued\.jpg is a named pipe \(FIFO\)/)
    }
  })

  it('refuses a socket, a folder and a symlink to a FIFO; follows a symlink to a file', async () => {
    const socketPath = join(dir, 'photo.sock')
    server = createServer()
    await new Promise<void>((resolve) => server?.listen(socketPath, resolve))
    const folder = join(dir, 'folder.jpg')
    await mkdir(folder)
    const link = join(dir, 'link-to-fifo.jpg')
    await symlink(fifo('target-fifo'), link)
    const real = join(dir, 'real.jpg')
    await writeFile(real, 'bytes of a photo')
    const good = join(dir, 'link-to-real.jpg')
    await symlink(real, good)

    for (const [path, what] of [
      [socketPath, /a socket/],
      [folder, /a folder/],
      [link, /a named pipe/],
    ] as const) {
      const r = await hashRegularFile(path)
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_A_FILE' } })
      expect(!r.ok && r.error.message).toMatch(what)
    }
    expect(await hashRegularFile(good)).toEqual({
      ok: true,
      value: sha(Buffer.from('bytes of a photo')),
    })
  })

  it('reads a file once: the bytes and the hash of exactly those bytes', async () => {
    const bytes = Buffer.alloc(700_000, 7)
    bytes.write('head', 0)
    const path = join(dir, 'whole.bin')
    await writeFile(path, bytes)
    const r = await readRegularFile(path, {})
    expect(r.ok && Buffer.from(r.value.bytes).equals(bytes)).toBe(true)
    expect(r.ok && r.value.sha256).toBe(sha(bytes))
    expect(await readRegularFile(path, { maxBytes: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_TOO_LARGE' },
    })
  })

  it('stops at once when cancelled, and says so', async () => {
    const path = join(dir, 'cancel.bin')
    await writeFile(path, Buffer.alloc(4 * 1024 * 1024))
    const controller = new AbortController()
    controller.abort()
    expect(await hashRegularFile(path, { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    })
    const opened = await openRegularFile(path)
    expect(opened.ok && opened.value.size).toBe(4 * 1024 * 1024)
    if (opened.ok) await opened.value.close()
  })

  it('names a missing file FILE_NOT_FOUND', async () => {
    expect(await hashRegularFile(join(dir, 'gone.jpg'))).toMatchObject({
      ok: false,
      error: { code: 'FILE_NOT_FOUND' },
    })
  })
})
