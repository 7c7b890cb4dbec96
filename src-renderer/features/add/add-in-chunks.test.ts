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

  it('adds every chunk and reports one combined count, skipped links included', async () => {
    const sent: number[] = []
    const bridge = {
      invoke: (_channel: string, payload: { paths: string[] }) => {
        sent.push(payload.paths.length)
        // Every chunk also names item 0 (one image by another spelling): counted once.
        const first = bigDrop.indexOf(payload.paths[0] ?? '')
        const itemIds = [0, ...payload.paths.map((_, i) => first + i + 1)]
        return Promise.resolve(ok({ added: itemIds.length, itemIds, linksOutside: 1 }))
      },
    }
    const outcome = await addInChunks(bridge as never, bigDrop)
    expect(sent.reduce((a, b) => a + b, 0)).toBe(100_000)
    expect(outcome).toEqual({ added: 100_001, linksOutside: sent.length, error: null })
    expect(addedNotice(outcome)).toEqual({
      key: 'add.addedLinksOutside',
      values: { count: 100_001, links: sent.length },
    })
  })

  it('stops at a failing chunk and keeps the count of what went through', async () => {
    let calls = 0
    const failure = appError('DB', 'The database is busy.', true)
    const bridge = {
      invoke: (_channel: string, payload: { paths: string[] }) => {
        calls++
        return Promise.resolve(
          calls === 2
            ? err(failure)
            : ok({ added: 1, itemIds: payload.paths.map((p) => p.charCodeAt(0)), linksOutside: 0 }),
        )
      },
    }
    const outcome = await addInChunks(bridge as never, ['a', 'b', 'c'], {
      maxPaths: 1,
      maxBytes: 1000,
    })
    expect(outcome).toEqual({ added: 1, linksOutside: 0, error: failure })
    expect(calls).toBe(2)
  })
})
