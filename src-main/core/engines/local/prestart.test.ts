import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adoptPrestartedPool, closeUnadoptedPool, prestartLocalPool } from './prestart'
import { LocalEngine } from './local-engine'

let dir = ''
let idle: URL
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-prestart-'))
  // A worker that never loads a model: these tests are about who owns the pool, not judging.
  const file = join(dir, 'idle-worker.mjs')
  await writeFile(file, 'setInterval(() => {}, 1000)\n')
  idle = pathToFileURL(file)
})
afterAll(async () => {
  await closeUnadoptedPool()
  await rm(dir, { recursive: true, force: true })
})

describe('prestarted local pool', () => {
  it('goes to the first engine built with the same options, and to no other', async () => {
    const options = { workerUrl: idle, init: { cacheDir: join(dir, 'cache') } }
    prestartLocalPool(options)
    expect(adoptPrestartedPool({ workerUrl: idle, init: { cacheDir: join(dir, 'other') } })).toBe(
      null,
    )
    const engine = new LocalEngine({ poolOptions: options })
    // Taken over: a second engine with the same options builds its own pool.
    expect(adoptPrestartedPool(options)).toBe(null)
    expect(engine.parallelism).toBeGreaterThan(0)
    await engine.close()
  })

  it('is closed by the host when no engine took it', async () => {
    const options = { workerUrl: idle, init: { cacheDir: join(dir, 'cache') } }
    prestartLocalPool(options)
    await closeUnadoptedPool()
    expect(adoptPrestartedPool(options)).toBe(null)
  })
})
