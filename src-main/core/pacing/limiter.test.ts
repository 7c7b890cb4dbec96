import { describe, expect, it } from 'vitest'
import { Limiter } from './limiter'

/** Lets every job that can start, start (they start in later ticks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A job that runs until released, recording when it started. */
function held(started: string[], name: string) {
  let release: () => void = () => undefined
  const done = new Promise<void>((resolve) => {
    release = resolve
  })
  return {
    release: () => {
      release()
    },
    job: async () => {
      started.push(name)
      await done
      return name
    },
  }
}

describe('Limiter', () => {
  it('runs at most its limit at once, and the waiting ones in the order they asked', async () => {
    const gate = new Limiter(2)
    const started: string[] = []
    const jobs = ['a1', 'a2', 'a3', 'b1', 'b2'].map((name) => held(started, name))
    const results = jobs.map((j) => gate.run(j.job))
    await settle()
    expect(started).toEqual(['a1', 'a2'])
    jobs[1]?.release()
    await results[1]
    await settle()
    // The first batch's third image goes before the second batch's first.
    expect(started).toEqual(['a1', 'a2', 'a3'])
    for (const j of jobs) j.release()
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2'])
    expect(started).toEqual(['a1', 'a2', 'a3', 'b1', 'b2'])
  })

  it('frees its slot when a job fails', async () => {
    const gate = new Limiter(1)
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await gate.run(() => Promise.resolve('next'))).toBe('next')
  })
})
