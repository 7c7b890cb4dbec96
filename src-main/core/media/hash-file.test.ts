import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileReadError, sha256Bytes, sha256File } from './hash-file'

const dir = await mkdtemp(join(tmpdir(), 'gl-hash-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('sha256File', () => {
  it('streams a multi-megabyte file to the same digest as hashing its bytes', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17)
    const path = join(dir, 'big.bin')
    await writeFile(path, bytes)
    const expected = createHash('sha256').update(bytes).digest('hex')
    expect(await sha256File(path)).toBe(expected)
    expect(sha256Bytes(bytes)).toBe(expected)
  })

  it('rejects for a missing file, with the reason as an AppError', async () => {
    const thrown: unknown = await sha256File(join(dir, 'missing.jpg')).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(FileReadError)
    expect((thrown as FileReadError).error.code).toBe('FILE_NOT_FOUND')
  })
})
