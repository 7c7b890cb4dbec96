import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ENGINE_IDS,
  ITEM_STATES,
  flaggedScenes,
  isInFolder,
  itemLabels,
  matchesFilter,
  riskOf,
  SCENES,
  SUGGESTIONS,
  type Item,
  type ItemFacets,
  type ItemFilter,
  type SceneResult,
} from '../../../../src-shared/domain'
import type { Store } from '../ports/store'
import { openStore } from './open-store'

/** A small deterministic PRNG (mulberry32): the same set every run, many shapes in it. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const rand = random(13)
const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)] as T
const LABELS = ['normal', 'sexy', 'porn', 'qrcode', 'ad', 'bloody', 'TV']
const FOLDERS = ['/w/cats', '/w/cats2', 'C:\\w\\dogs']
const NAMES = ['Cat_1.JPG', 'cat%2.png', 'dog.gif', 'Zebra.jpg', '猫.jpg']

let dir: string
let store: Store
let items: Item[]
let folderIds: Map<number, string>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-filter-agreement-'))
  store = await openStore(dir)
  folderIds = new Map()
  for (const path of FOLDERS) folderIds.set((await store.watch.folders.upsert(path)).id, path)
  for (let i = 0; i < 120; i++) {
    const folder = pick([...FOLDERS, '/elsewhere'])
    const sep = folder.startsWith('C:') ? '\\' : '/'
    const [added] = await store.items.insertMany([
      {
        sourceKind: rand() < 0.9 ? 'file' : 'url',
        source: `${folder}${sep}${rand() < 0.3 ? `sub${sep}` : ''}${pick(NAMES)}`,
        engine: pick(ENGINE_IDS),
        scenes: ['porn', 'qrcode'],
      },
    ])
    if (added === undefined) throw new Error('insert failed')
    const results: SceneResult[] = SCENES.filter(() => rand() < 0.4).map((scene) => ({
      scene,
      label: pick(LABELS),
      suggestion: pick(SUGGESTIONS),
      rate: Math.round(rand() * 1000) / 10,
    }))
    const corrections = results
      .filter(() => rand() < 0.2)
      .map((r) => ({ scene: r.scene, suggestion: pick(['pass', 'block'] as const), label: null }))
    await store.items.update(added.id, {
      state: pick(ITEM_STATES),
      suggestion: rand() < 0.2 ? null : pick(SUGGESTIONS),
      results,
      feedback: corrections.length > 0 ? { corrections, note: null, at: 1, sentTo: 'local' } : null,
      scannedAt: rand() < 0.5 ? null : Math.floor(rand() * 10_000),
    })
  }
  items = (await store.items.list(0, 500, {})).items
}, 60_000)

afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** The items matching `filter` once `keys` are left out of it, as the renderer would place them. */
function matching(filter: ItemFilter, ...keys: (keyof ItemFilter)[]): Item[] {
  const rest = Object.fromEntries(
    Object.entries(filter).filter(([key]) => !keys.includes(key as keyof ItemFilter)),
  ) as ItemFilter
  const path = rest.watchedFolderId === undefined ? undefined : folderIds.get(rest.watchedFolderId)
  return items.filter((item) =>
    matchesFilter(item, rest, { watchedFolderPath: path ?? '/no/such/folder' }),
  )
}

function tally<K extends string | number>(keys: K[]): { value: K; count: number }[] {
  const counts = new Map<K, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].map(([value, count]) => ({ value, count }))
}

/** The facets, worked out item by item from matchesFilter. */
function expectedFacets(filter: ItemFilter): ItemFacets {
  const corrected = matching(filter, 'corrected')
  const byFolder = matching(filter, 'watchedFolderId')
  return {
    total: matching(filter).length,
    verdicts: tally(
      matching(filter, 'states', 'suggestions').map((i) => `${i.state}|${i.suggestion ?? ''}`),
    ).map(({ value, count }) => {
      const [state, suggestion] = value.split('|') as [Item['state'], string]
      return { state, suggestion: (suggestion || null) as Item['suggestion'], count }
    }),
    scenes: tally(matching(filter, 'scene').flatMap((i) => [...flaggedScenes(i).keys()])),
    labels: tally(matching(filter, 'label').flatMap((i) => [...itemLabels(i)])),
    engines: tally(matching(filter, 'engine').map((i) => i.engine)),
    corrected: {
      yes: corrected.filter((i) => i.feedback !== null).length,
      no: corrected.filter((i) => i.feedback === null).length,
    },
    folders: [...folderIds]
      .map(([id, path]) => ({
        id,
        count: byFolder.filter((i) => i.sourceKind === 'file' && isInFolder(i.source, path)).length,
      }))
      .filter((f) => f.count > 0),
  }
}

/** Facets in one order, so two computed differently compare equal. */
function normalized(facets: ItemFacets): unknown {
  const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b))
  return {
    ...facets,
    verdicts: [...facets.verdicts].sort(byText),
    scenes: [...facets.scenes].sort(byText),
    labels: [...facets.labels].sort(byText),
    engines: [...facets.engines].sort(byText),
    folders: [...facets.folders].sort(byText),
  }
}

function randomFilter(): ItemFilter {
  const filter: ItemFilter = {}
  if (rand() < 0.3) filter.states = ITEM_STATES.filter(() => rand() < 0.3)
  if (rand() < 0.3) filter.suggestions = SUGGESTIONS.filter(() => rand() < 0.5)
  if (rand() < 0.3) filter.scene = pick(SCENES)
  if (rand() < 0.2) filter.engine = pick(ENGINE_IDS)
  if (rand() < 0.3) filter.label = pick(LABELS)
  if (rand() < 0.3) filter.corrected = rand() < 0.5
  if (rand() < 0.3) filter.search = pick(['cat', 'CAT', '%', '_1', 'sub', 'dogs\\', '猫', 'w/c'])
  if (rand() < 0.3) filter.watchedFolderId = pick([...folderIds.keys(), 999])
  if (rand() < 0.2) filter.from = Math.floor(rand() * 10_000)
  if (rand() < 0.2) filter.to = Math.floor(rand() * 10_000)
  return filter
}

describe('matchesFilter agrees with the store', () => {
  it('gives the same ids as the SQL filter on a generated set, filter after filter', async () => {
    expect(items).toHaveLength(120)
    for (let round = 0; round < 300; round++) {
      const filter = randomFilter()
      const path =
        filter.watchedFolderId === undefined ? undefined : folderIds.get(filter.watchedFolderId)
      const expected = items
        .filter((item) =>
          matchesFilter(item, filter, { watchedFolderPath: path ?? '/no/such/folder' }),
        )
        .map((i) => i.id)
        .sort((a, b) => a - b)
      const stored = (await store.items.ids(filter)).sort((a, b) => a - b)
      expect({ filter, ids: stored }).toEqual({ filter, ids: expected })
    }
  }, 60_000)

  it('counts every facet as matchesFilter does, each with the other filters applied', async () => {
    for (let round = 0; round < 60; round++) {
      const filter = randomFilter()
      const facets = await store.items.facets(filter)
      expect({ filter, facets: normalized(facets) }).toEqual({
        filter,
        facets: normalized(expectedFacets(filter)),
      })
    }
  }, 60_000)

  it('orders by riskOf as the risk sort does: highest first, unflagged last, newest first', async () => {
    const risk = (item: Item) => riskOf(item) ?? -1
    const expected = [...items].sort((a, b) => risk(b) - risk(a) || b.id - a.id).map((i) => i.id)
    expect(await store.items.ids({}, 'risk')).toEqual(expected)
  })
})
