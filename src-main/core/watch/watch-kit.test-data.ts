import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EngineChoice, Item, Scene } from '../../../src-shared/domain'
import { EventHub } from '../events/event-hub'
import { expect } from 'vitest'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import type { WatchFolder, WatchFolderInput } from '../store/ports/watch-index'
import type { WatchTimings } from './watch-options'
import { WatchService, type WatchEvent, type WatchServiceDeps } from './watch-service'

/**
 * Unique bytes that start and end like a JPEG: the watcher never decodes a file whose end marker
 * is there, it hashes. Any prefix of it looks cut short (no end marker, and no decode).
 */
export function fakeJpeg(size = 2048): Buffer {
  const bytes = randomBytes(size)
  bytes[0] = 0xff
  bytes[1] = 0xd8
  bytes[2] = 0xff
  // No end marker (or zero padding before it) anywhere but at the end.
  for (let i = 3; i < size - 2; i++) if (bytes[i] === 0xd9 || bytes[i] === 0) bytes[i] = 0x42
  bytes[size - 2] = 0xff
  bytes[size - 1] = 0xd9
  return bytes
}

export interface Kit {
  dir: string
  store: SqliteStore
  hub: EventHub
  service: WatchService
  events: WatchEvent[]
  /** Every path enqueued, in order, once per enqueue (duplicates show up twice). */
  enqueued: string[]
  /** Enqueue calls made (one per insert transaction). */
  batches: number
  /** Warnings and errors the service logged. */
  logged: string[]
  restart(overrides?: Partial<WatchServiceDeps>): WatchService
  close(): Promise<void>
}

/**
 * The production waits (watch-options.ts) cut to tens of milliseconds: the service behaves the same
 * relative to its windows, and a test waits a fraction of a second instead of seconds. Kits use
 * these unless a test passes its own.
 */
export const FAST_TIMINGS: Partial<WatchTimings> = {
  stableMs: 150,
  statPollMs: 50,
  pollingIntervalMs: 50,
  pollingStableMs: 200,
  goneRecheckMs: 300,
  batchWindowMs: 50,
  healthMs: 100,
}

/** Longer than every window above: late events about files already handled have arrived. */
const SETTLE_MS = 600

/** Waits out SETTLE_MS, then for the service to have written what it saw. */
export async function settle(k: Kit): Promise<void> {
  await sleep(SETTLE_MS)
  await k.service.idle()
}

/**
 * A real store in a temp dir and a WatchService whose enqueue is what AppCore.addPaths does,
 * minus starting the scan: these tests assert what the watcher enqueues and stores.
 */
export async function makeKit(overrides: Partial<WatchServiceDeps> = {}): Promise<Kit> {
  const dir = await mkdtemp(join(tmpdir(), 'gl-watch-'))
  const store = await openStore(join(dir, 'data'))
  const hub = new EventHub(20)
  const kit = {
    dir,
    store,
    hub,
    events: [] as WatchEvent[],
    enqueued: [] as string[],
    batches: 0,
    logged: [] as string[],
  } as Kit
  const build = (more: Partial<WatchServiceDeps>) => {
    const service = new WatchService({
      store: store.watch,
      settings: store.settings,
      events: hub,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (m, f) => kit.logged.push(`${m} ${JSON.stringify(f)}`),
        error: (m, f) => kit.logged.push(`${m} ${JSON.stringify(f)}`),
        redact: () => undefined,
      },
      enqueue: async (
        paths: string[],
        engine: EngineChoice | null,
        scenes: readonly Scene[] | null,
      ): Promise<Item[]> => {
        kit.batches += 1
        kit.enqueued.push(...paths)
        const items = await store.items.insertMany(
          paths.map((source) => ({
            sourceKind: 'file' as const,
            source,
            engine: engine === 'green' ? 'green' : 'local',
            scenes: scenes ?? ['porn'],
          })),
        )
        hub.itemsChanged(items)
        return items
      },
      ...overrides,
      ...more,
      timings: { ...FAST_TIMINGS, ...overrides.timings, ...more.timings },
    })
    service.on((event) => kit.events.push(event))
    return service
  }
  kit.service = build({})
  kit.restart = (more = {}) => {
    kit.service = build(more)
    return kit.service
  }
  kit.close = async () => {
    await kit.service.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
  return kit
}

export const POLL = { timeout: 20_000, interval: 50 }

/** Adds `root` to the watch list and starts the service; resolves once it is watching. */
export async function startWatching(
  k: Kit,
  root: string,
  input: WatchFolderInput = {},
): Promise<WatchFolder> {
  const added = await k.service.addFolder(root, input)
  if (!added.ok) throw new Error(added.error.message)
  await k.service.start()
  await expect.poll(() => k.service.status()[0]?.state, POLL).toBe('watching')
  return added.value
}

export function count(values: readonly string[], value: string): number {
  return values.filter((v) => v === value).length
}
