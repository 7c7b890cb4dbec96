import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sweepStaleFiles } from './sweep-stale-files'

const dir = await mkdtemp(join(tmpdir(), 'gl-sweep-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('sweepStaleFiles', () => {
  it('removes only old pre-flight copies, and tolerates a missing folder', async () => {
    const old = new Date(Date.now() - 7 * 3600_000)
    for (const name of ['preflight-old.jpg', 'keep-me.jpg', 'preflight-fresh.jpg']) {
      await writeFile(join(dir, name), 'x')
    }
    await utimes(join(dir, 'preflight-old.jpg'), old, old)
    await utimes(join(dir, 'keep-me.jpg'), old, old)
    expect(await sweepStaleFiles(dir, 'preflight-')).toBe(1)
    expect((await readdir(dir)).sort()).toEqual(['keep-me.jpg', 'preflight-fresh.jpg'])
    expect(await sweepStaleFiles(dir, 'preflight-', { olderThanMs: 0 })).toBe(1)
    expect(await readdir(dir)).toEqual(['keep-me.jpg'])
    expect(await sweepStaleFiles(join(dir, 'missing'), 'preflight-')).toBe(0)
  })

  it('with another prefix, sweeps half-read stdin pipes and leaves the stored images', async () => {
    const stdin = await mkdtemp(join(dir, 'stdin-'))
    const old = new Date(Date.now() - 7 * 3600_000)
    for (const name of ['.incoming-123-abc.part', 'e3b0c442.jpg']) {
      await writeFile(join(stdin, name), 'x')
      await utimes(join(stdin, name), old, old)
    }
    expect(await sweepStaleFiles(stdin, '.incoming-')).toBe(1)
    expect(await readdir(stdin)).toEqual(['e3b0c442.jpg'])
  })
})
