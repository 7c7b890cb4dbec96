import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { MemoryCredentialStore } from './credentials/memory-credential-store'
import { AppCore } from './app-core'
import type { Store } from './store/ports/store'
import { openStore } from './store/sqlite/open-store'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-store-port-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

it('works through the store a host hands it, so another implementation of the ports plugs in', async () => {
  const inserted: string[] = []
  // Another store, seen from AppCore: here SQLite, with its inserts observed.
  const opener = async (dataDir: string): Promise<Store> => {
    const store = await openStore(dataDir)
    const insertMany = store.items.insertMany.bind(store.items)
    store.items.insertMany = (items) => {
      inserted.push(...items.map((item) => item.source))
      return insertMany(items)
    }
    return store
  }
  const core = await AppCore.open({
    dataDir: dir,
    host: 'cli',
    env: {},
    credentialStore: new MemoryCredentialStore(),
    openStore: opener,
  })
  try {
    // Paused: the item is only stored, never fetched.
    core.scan.pause()
    await core.addInputs(['https://example.com/a.jpg'])
    expect(inserted).toEqual(['https://example.com/a.jpg'])
  } finally {
    await core.close()
  }
})
