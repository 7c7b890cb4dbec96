import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import type { EventChannel, EventPayload } from '../../../src-shared/ipc'
import { EMPTY_VIEW, useItemsStore } from '../../../src-renderer/stores/items-store'
import { newFileItem } from '../../../tests/fixtures/items'
import { createApi } from '../api'
import { AppCore } from '../app-core'
import { MemoryCredentialStore } from '../credentials/memory-credential-store'
import { sqliteDatabaseOf } from '../store/sqlite/open-store'

interface Heard {
  event: EventChannel
  payload: unknown
}

let dir: string
/** Two processes on one data folder: an app window's and a terminal's. */
let app: AppCore
let terminal: AppCore
let heardByApp: Heard[]
let heardByTerminal: Heard[]
let keychain: MemoryCredentialStore

function listen(core: AppCore): Heard[] {
  const heard: Heard[] = []
  core.events.subscribe((event, payload) => heard.push({ event, payload }))
  return heard
}

function payloads<E extends EventChannel>(heard: Heard[], event: E): EventPayload<E>[] {
  return heard.filter((h) => h.event === event).map((h) => h.payload as EventPayload<E>)
}

const upserted = (heard: Heard[]): Item[] =>
  payloads(heard, 'items:changed').flatMap((delta) => delta.upserted)

/** What the terminal does: stores items, then announces them to its own hosts. */
async function terminalAdds(...sources: string[]): Promise<Item[]> {
  const items = await terminal.store.items.insertMany(sources.map(newFileItem))
  terminal.events.itemsChanged(items)
  return items
}

/** Until the core has read the feed up to everything written so far. */
async function caughtUp(core: AppCore): Promise<void> {
  const head = await sqliteDatabaseOf(core.store).get<{ seq: number }>(
    'SELECT MAX(seq) AS seq FROM changes',
  )
  await expect
    .poll(() => core.events.currentRevision, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(head?.seq ?? 0)
  core.events.flush()
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-follow-'))
  // One keychain, as the OS has one for every process.
  keychain = new MemoryCredentialStore()
  const open = (host: 'harness' | 'cli') =>
    AppCore.open({
      dataDir: dir,
      host,
      env: {},
      flushMs: 5,
      feedPollMs: 10,
      credentialStore: keychain,
    })
  app = await open('harness')
  terminal = await open('cli')
  heardByApp = listen(app)
  heardByTerminal = listen(terminal)
  useItemsStore.setState(EMPTY_VIEW)
})

afterEach(async () => {
  await terminal.close()
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('following the change feed', () => {
  it("hears another process's items, with their rows and the progress, and its own only once", async () => {
    const added = await terminalAdds('/a.jpg', '/b.jpg')
    await expect
      .poll(() => upserted(heardByApp).map((i) => i.id), { timeout: 20_000 })
      .toEqual(added.map((i) => i.id))
    expect(upserted(heardByApp)).toEqual(added)
    expect(payloads(heardByApp, 'progress:changed').at(-1)).toMatchObject({ queued: 2 })
    await caughtUp(terminal)
    await caughtUp(app)
    // The terminal announced its own items when it stored them, and the feed does not again.
    expect(upserted(heardByTerminal).map((i) => i.id)).toEqual(added.map((i) => i.id))
    expect(upserted(heardByApp).map((i) => i.id)).toEqual(added.map((i) => i.id))
  })

  it('tells every process the saved settings and the account, whoever changed them', async () => {
    const api = createApi(terminal)
    await api['settings:set']({ language: 'zh-CN' })
    await expect
      .poll(() => payloads(heardByApp, 'settings:changed').at(-1)?.language, { timeout: 20_000 })
      .toBe('zh-CN')
    await caughtUp(terminal)
    expect(payloads(heardByTerminal, 'settings:changed').map((s) => s.language)).toEqual(['zh-CN'])

    await terminal.credentials.set({
      accessKeyId: 'LTAI5tFeedTest01',
      accessKeySecret: 'x'.repeat(30),
    })
    await expect
      .poll(() => payloads(heardByApp, 'credentials:changed').at(-1)?.configured, {
        timeout: 20_000,
      })
      .toBe(true)
    await app.credentials.delete()
    await expect
      .poll(() => payloads(heardByTerminal, 'credentials:changed').at(-1)?.configured, {
        timeout: 20_000,
      })
      .toBe(false)
    // Only the keychain changed (a key with no profile): no trigger sees that, the service says it.
    await keychain.write('orphan', { accessKeySecret: 'y'.repeat(30) })
    const told = payloads(heardByApp, 'credentials:changed').length
    await terminal.credentials.delete('orphan')
    await expect
      .poll(() => payloads(heardByApp, 'credentials:changed').length, { timeout: 20_000 })
      .toBeGreaterThan(told)
  })

  it('a snapshot carries the feed position, and the page drops deltas sent before it', async () => {
    const [item] = await terminalAdds('/a.jpg')
    await expect.poll(() => upserted(heardByApp).length, { timeout: 20_000 }).toBe(1)
    await terminal.store.items.update(item?.id ?? -1, { state: 'done' })
    await expect.poll(() => upserted(heardByApp).length, { timeout: 20_000 }).toBe(2)
    await caughtUp(app)

    const snapshot = await createApi(app)['items:list']({
      offset: 0,
      limit: 50,
      filter: {},
      sort: 'newest',
    })
    if (!snapshot.ok) throw new Error(snapshot.error.message)
    const head = await sqliteDatabaseOf(app.store).get<{ seq: number }>(
      'SELECT MAX(seq) AS seq FROM changes',
    )
    expect(snapshot.value.revision).toBe(head?.seq)
    useItemsStore.getState().pageLoaded(0, snapshot.value)
    // The first delta (the item still queued) was sent before the snapshot was read: arriving
    // late, it must not take the item back.
    const [stale] = payloads(heardByApp, 'items:changed')
    expect(stale?.upserted[0]?.state).toBe('queued')
    if (stale) useItemsStore.getState().itemsChanged(stale)
    expect(useItemsStore.getState().byId.get(item?.id ?? -1)?.state).toBe('done')

    // A change after the snapshot comes through.
    await terminal.store.items.update(item?.id ?? -1, { state: 'failed' })
    await expect.poll(() => upserted(heardByApp).length, { timeout: 20_000 }).toBe(3)
    const late = payloads(heardByApp, 'items:changed').at(-1)
    expect(late?.revision).toBeGreaterThan(snapshot.value.revision)
    if (late) useItemsStore.getState().itemsChanged(late)
    expect(useItemsStore.getState().byId.get(item?.id ?? -1)?.state).toBe('failed')
  })

  it('tells the watch list when another process adds a folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'greenlight-follow-watched-'))
    try {
      await terminal.watch.addFolder(folder, { enabled: false })
      await expect
        .poll(
          () =>
            payloads(heardByApp, 'watch:changed')
              .at(-1)
              ?.map((f) => f.path),
          {
            timeout: 20_000,
          },
        )
        .toEqual([folder])
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
