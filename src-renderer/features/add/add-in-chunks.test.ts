import { describe, expect, it } from 'vitest'
import { appError, err, ok } from '../../../src-shared/result'
import { addedNotice, addInChunks, chunkInputs, CHUNK_LIMITS } from './add-in-chunks'

/** 100,000 distinct paths of 200+ characters: about 21 MB, over a 16 MiB frame. */
const bigDrop = Array.from(
  { length: 100_000 },
  (_, i) => `/home/someone/照片/${'deep/'.repeat(36)}IMG_${String(i).padStart(6, '0')}.jpg`,
)

describe('adding inputs in chunks', () => {
  it('splits a 100,000-path drop into requests within the contract and frame limits, in order', () => {
    const chunks = chunkInputs(bigDrop)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.flat()).toEqual(bigDrop)
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_LIMITS.maxPaths)
      const bytes = new TextEncoder().encode(JSON.stringify({ paths: chunk })).length
      expect(bytes).toBeLessThanOrEqual(CHUNK_LIMITS.maxBytes)
    }
  })

  it('sends a path longer than a chunk on its own rather than dropping it', () => {
    const long = 'x'.repeat(200)
    expect(chunkInputs(['a', long, 'b'], { maxPaths: 10, maxBytes: 100 })).toEqual([
      ['a'],
      [long],
      ['b'],
    ])
  })

  it('stages every chunk but the last, then prices the whole add once by its stage id', async () => {
    const calls: { channel: string; paths: number; stageId?: string }[] = []
    const estimate = {
      engine: 'green',
      images: 0,
      scenes: 1,
      frames: 0,
      units: 0,
      free: 0,
      unscannable: 0,
    }
    const bridge = {
      invoke: (channel: string, payload: { paths: string[]; stageId?: string }) => {
        calls.push({
          channel,
          paths: payload.paths.length,
          ...(payload.stageId ? { stageId: payload.stageId } : {}),
        })
        if (channel === 'scan:stage-paths') return Promise.resolve(ok({ stageId: 'stage-1' }))
        return Promise.resolve(ok({ kind: 'confirm', planId: 'plan-1', estimate, linksOutside: 2 }))
      },
    }
    const result = await addInChunks(bridge as never, bigDrop)
    expect(calls.reduce((a, c) => a + c.paths, 0)).toBe(100_000)
    expect(calls.filter((c) => c.channel === 'scan:plan-paths')).toHaveLength(1)
    expect(calls.at(-1)).toMatchObject({ channel: 'scan:plan-paths', stageId: 'stage-1' })
    expect(calls.slice(0, -1).every((c) => c.channel === 'scan:stage-paths')).toBe(true)
    // One question for the whole drop: the outcome is the single plan's.
    expect(result).toEqual(ok({ kind: 'confirm', planId: 'plan-1', estimate, linksOutside: 2 }))
    expect(addedNotice({ added: 3, linksOutside: 2 })).toEqual({
      key: 'add.addedLinksOutside',
      values: { count: 3, links: 2 },
    })
  })

  it('a small add is one plan request with no stage', async () => {
    const channels: string[] = []
    const bridge = {
      invoke: (channel: string) => {
        channels.push(channel)
        return Promise.resolve(ok({ kind: 'cancelled' }))
      },
    }
    await addInChunks(bridge as never, ['/a.jpg', '/b.jpg'])
    expect(channels).toEqual(['scan:plan-paths'])
  })

  it('stops at a failing stage and sends nothing after it', async () => {
    let calls = 0
    const failure = appError('NOT_FOUND', 'Part of this add was lost.')
    const bridge = {
      invoke: () => {
        calls++
        return Promise.resolve(calls === 2 ? err(failure) : ok({ stageId: 's' }))
      },
    }
    const result = await addInChunks(bridge as never, ['a', 'b', 'c'], {
      maxPaths: 1,
      maxBytes: 1000,
    })
    expect(result).toEqual(err(failure))
    expect(calls).toBe(2)
  })
})
