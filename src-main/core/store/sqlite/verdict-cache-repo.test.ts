import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openStore, type SqliteStore } from './open-store'
import { VerdictCacheRepo } from './verdict-cache-repo'

let dir: string
let store: SqliteStore

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-verdicts-'))
  store = await openStore(dir)
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

it('a damaged cached verdict (results = {oops) is a miss for its scene, not an error', async () => {
  const cache = new VerdictCacheRepo(store.db)
  const key = { sha256: 'a'.repeat(64), engine: 'green', bizType: null }
  await cache.store(
    key,
    [
      { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99 },
      { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 99 },
    ],
    [],
    null,
  )
  await store.db.run(`UPDATE verdicts SET result = '{oops' WHERE scene = 'qrcode'`)
  const found = await cache.lookup(key, ['porn', 'qrcode'])
  expect(found.map((c) => c.scene)).toEqual(['porn'])
})
