import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock } from './data-dir-lock'

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
