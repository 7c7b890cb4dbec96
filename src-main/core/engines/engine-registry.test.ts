import { describe, expect, it } from 'vitest'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import { EngineRegistry } from './engine-registry'
import type { ScanEngine } from './scan-engine'

function fakeEngines() {
  const built: { n: number; closed: boolean }[] = []
  let fail = false
  const build = (): Promise<Result<ScanEngine>> => {
    if (fail) return Promise.resolve(err(appError('CREDENTIALS_MISSING', 'no key')))
    const record = { n: built.length + 1, closed: false }
    built.push(record)
    return Promise.resolve(
      ok({
        id: 'local',
        supportedScenes: ['porn'],
        scan: () => Promise.resolve(ok([])),
        close: () => {
          record.closed = true
          return Promise.resolve()
        },
      }),
    )
  }
  return { built, build, failNext: (v: boolean) => (fail = v) }
}

describe('EngineRegistry', () => {
  it('builds on first use only, and shares one engine while the configuration is the same', async () => {
    const f = fakeEngines()
    const registry = new EngineRegistry(f.build, () => Promise.resolve('k1'))
    const a = await registry.lease('local')
    expect(a.key).toBe('k1')
    expect(f.built).toHaveLength(0) // a batch answered from the cache never builds one
    await a.engine()
    const b = await registry.lease('local')
    await b.engine()
    expect(f.built).toHaveLength(1)
    a.release()
    b.release()
    expect(f.built[0]!.closed).toBe(false)
  })

  it('a changed configuration builds a new engine; the old one closes once its last user is done', async () => {
    const f = fakeEngines()
    let key = 'old'
    const registry = new EngineRegistry(f.build, () => Promise.resolve(key))
    const running = await registry.lease('local')
    await running.engine()
    key = 'new'
    const next = await registry.lease('local')
    expect(next.key).toBe('new')
    await next.engine()
    expect(f.built).toHaveLength(2)
    expect(f.built[0]!.closed).toBe(false) // still judging its batch
    running.release()
    await registry.closeAll().catch(() => undefined)
    expect(f.built[0]!.closed).toBe(true)
  })

  it('a failed build is not kept, and retire makes the next lease build anew', async () => {
    const f = fakeEngines()
    const registry = new EngineRegistry(f.build, () => Promise.resolve('k'))
    f.failNext(true)
    expect((await registry.current('local')).ok).toBe(false)
    f.failNext(false)
    expect((await registry.current('local')).ok).toBe(true)
    registry.retire('local')
    expect((await registry.current('local')).ok).toBe(true)
    expect(f.built).toHaveLength(2)
    expect(f.built[0]!.closed).toBe(true)
    await registry.closeAll()
    expect(f.built.every((e) => e.closed)).toBe(true)
    expect(registry.size).toBe(0)
  })
})
