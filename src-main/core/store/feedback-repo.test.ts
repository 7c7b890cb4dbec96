import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from './open-store'
import { feedbackSubject, FeedbackRepo } from './feedback-repo'

let dir: string
let store: Store

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gl-feedback-repo-'))
  store = await openStore(dir)
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const SHA = 'ab'.repeat(32)

describe('FeedbackRepo', () => {
  it('knows nothing about an image nobody corrected', async () => {
    expect(await store.feedback.lookup(SHA, 'green')).toBeNull()
  })

  it('stores corrections and merges them into one feedback, scenes in canonical order', async () => {
    const merged = await store.feedback.upsert(
      SHA,
      'green',
      [
        { scene: 'qrcode', suggestion: 'pass', label: null, sentTo: 'local' },
        { scene: 'porn', suggestion: 'block', label: 'sexy', sentTo: 'green' },
      ],
      'too revealing',
      1000,
    )
    expect(merged).toEqual({
      corrections: [
        { scene: 'porn', suggestion: 'block', label: 'sexy' },
        { scene: 'qrcode', suggestion: 'pass', label: null },
      ],
      note: 'too revealing',
      at: 1000,
      sentTo: 'green',
    })
    expect(await store.feedback.lookup(SHA, 'green')).toEqual(merged)
  })

  it('a later correction of a scene replaces the earlier one; the others stay', async () => {
    await store.feedback.upsert(
      SHA,
      'local',
      [
        { scene: 'porn', suggestion: 'block', label: null, sentTo: 'local' },
        { scene: 'ad', suggestion: 'block', label: 'ad', sentTo: 'local' },
      ],
      'first',
      1000,
    )
    const merged = await store.feedback.upsert(
      SHA,
      'local',
      [{ scene: 'porn', suggestion: 'pass', label: 'normal', sentTo: 'local' }],
      'second',
      2000,
    )
    expect(merged).toEqual({
      corrections: [
        { scene: 'porn', suggestion: 'pass', label: 'normal' },
        { scene: 'ad', suggestion: 'block', label: 'ad' },
      ],
      note: 'second',
      at: 2000,
      sentTo: 'local',
    })
    const rows = await store.db.all('SELECT * FROM feedback')
    expect(rows).toHaveLength(2)
  })

  it('keeps images and engines apart, and survives a reopen', async () => {
    await store.feedback.upsert(
      SHA,
      'local',
      [{ scene: 'porn', suggestion: 'block', label: null, sentTo: 'local' }],
      null,
      1,
    )
    expect(await store.feedback.lookup(SHA, 'green')).toBeNull()
    expect(await store.feedback.lookup('cd'.repeat(32), 'local')).toBeNull()
    await store.close()
    store = await openStore(dir)
    const repo = new FeedbackRepo(store.db)
    expect((await repo.lookup(SHA, 'local'))?.corrections).toEqual([
      { scene: 'porn', suggestion: 'block', label: null },
    ])
  })

  it('upserting nothing changes nothing and answers what is stored', async () => {
    expect(await store.feedback.upsert(SHA, 'green', [], 'ignored')).toBeNull()
  })
})

describe('feedbackSubject', () => {
  it('is the URL for URL items and the hash for files and bytes', () => {
    expect(
      feedbackSubject({ sourceKind: 'url', source: 'https://x.example/a.jpg', sha256: null }),
    ).toBe('https://x.example/a.jpg')
    expect(feedbackSubject({ sourceKind: 'file', source: '/a.jpg', sha256: SHA })).toBe(SHA)
    expect(feedbackSubject({ sourceKind: 'bytes', source: 'clip', sha256: null })).toBeNull()
  })
})
