import type * as FsPromises from 'node:fs/promises'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { decodeImage } from './decode-image'
import { preflight } from './preflight'

// Root (CI, containers) ignores mode 000, so opening a file named "locked-*" fails with EACCES
// here whoever runs the test, exactly as the OS answers a normal user; stat still works, as it
// does for a mode-000 file.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>()
  return {
    ...actual,
    open: (...args: Parameters<typeof actual.open>) =>
      basename(String(args[0])).startsWith('locked-')
        ? Promise.reject(
            Object.assign(new Error(`EACCES: permission denied, open '${String(args[0])}'`), {
              code: 'EACCES',
            }),
          )
        : actual.open(...args),
  }
})

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-unreadable-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function locked(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  await chmod(path, 0o000)
  return path
}

describe('a file with mode 000', () => {
  it.each([
    ['an empty one', 'locked-empty.jpg', () => Promise.resolve(new Uint8Array(0))],
    ['a photo', 'locked-photo.jpg', () => photoLikeJpeg(64, 48, 1)],
  ])(
    'read by the local engine (%s) says it cannot be read and to check its permissions, never "empty"',
    async (_what, name, bytes) => {
      const path = await locked(name, await bytes())
      const local = await decodeImage({ kind: 'file', path })
      expect(local.ok ? null : local.error.code).toBe('FILE_UNREADABLE')
      const message = local.ok ? '' : local.error.message
      expect(message).toContain(`${name} cannot be read (permission denied)`)
      expect(message).toMatch(/permissions/)
      expect(message).not.toMatch(/is empty|0 bytes/)

      // Green's pre-flight words it the same way.
      const green = await preflight(path, { tempDir: join(dir, 'tmp') })
      expect(green.ok ? null : green.error).toEqual(local.ok ? null : local.error)
    },
  )
})
