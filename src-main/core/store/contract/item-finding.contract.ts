import { describe, expect, it } from 'vitest'
import type { Item, ItemFilter, ItemSort, SceneResult } from '../../../../src-shared/domain'
import type { ItemPatch, NewItem } from '../ports/queue-store'
import { newItem, useStore, type MakeStore } from './store-harness'

const flagged = (
  scene: SceneResult['scene'],
  label: string,
  rate: number,
  suggestion: SceneResult['suggestion'] = 'block',
): SceneResult => ({ scene, label, suggestion, rate })

/**
 * What the moderator's filters, sorts and counts rely on (docs/architecture.md §6, "Finding
 * things"): every ItemQueries implementation runs this same suite.
 */
export function describeItemFindingContract(makeStore: MakeStore): void {
  describe('ItemQueries contract: filters, sorts and facets', () => {
    const t = useStore(makeStore)

    async function add(source: string, patch: ItemPatch = {}, item: Partial<NewItem> = {}) {
      const [added] = await t.store.items.insertMany([newItem(source, item)])
      if (added === undefined) throw new Error('insertMany returned nothing')
      if (Object.keys(patch).length === 0) return added
      const updated = await t.store.items.update(added.id, patch)
      if (updated === undefined) throw new Error('update returned nothing')
      return updated
    }
    /** A judged image: done, with its overall suggestion and the engine's results. */
    const judged = (
      source: string,
      suggestion: SceneResult['suggestion'],
      results: SceneResult[],
      patch: ItemPatch = {},
    ) => add(source, { state: 'done', suggestion, results, ...patch })
    const names = async (filter: ItemFilter, sort?: ItemSort) => {
      const page = await t.store.items.list(0, 100, filter, sort)
      expect(page.total).toBe(page.items.length)
      return page.items.map((i: Item) => i.source)
    }

    /** Four judged images: porn block, qrcode review, all clean, and a corrected one. */
    async function judgedSet() {
      await judged('/p/porn.jpg', 'block', [
        flagged('porn', 'porn', 98),
        flagged('qrcode', 'normal', 99, 'pass'),
      ])
      await judged('/p/code.jpg', 'review', [
        flagged('porn', 'normal', 99, 'pass'),
        flagged('qrcode', 'qrcode', 80, 'review'),
      ])
      await judged('/p/clean.jpg', 'pass', [flagged('porn', 'normal', 99.9, 'pass')])
      // The engine blocked porn at 91; a reviewer passed it, and blocked ad instead.
      await judged(
        '/p/fixed.jpg',
        'block',
        [flagged('porn', 'sexy', 91), flagged('ad', 'normal', 99, 'pass')],
        {
          feedback: {
            corrections: [
              { scene: 'porn', suggestion: 'pass', label: null },
              { scene: 'ad', suggestion: 'block', label: 'ad' },
            ],
            note: null,
            at: 1,
            sentTo: 'local',
          },
        },
      )
      await add('/p/queued.jpg')
    }

    it('a scene filter finds the scene flagged after corrections, not merely scanned for', async () => {
      await judgedSet()
      expect(await names({ scene: 'porn' })).toEqual(['/p/porn.jpg'])
      expect(await names({ scene: 'qrcode' })).toEqual(['/p/code.jpg'])
      expect(await names({ scene: 'ad' })).toEqual(['/p/fixed.jpg'])
      expect(await names({ scene: 'logo' })).toEqual([])
    })

    it('filters by a label the engine returned, never by "normal"', async () => {
      await judgedSet()
      expect(await names({ label: 'sexy' })).toEqual(['/p/fixed.jpg'])
      expect(await names({ label: 'qrcode' })).toEqual(['/p/code.jpg'])
      expect(await names({ label: 'normal' })).toEqual([])
    })

    it('filters corrected and uncorrected images', async () => {
      await judgedSet()
      expect(await names({ corrected: true })).toEqual(['/p/fixed.jpg'])
      expect(await names({ corrected: false })).toHaveLength(4)
    })

    it('bounds the date on when an image was judged, else when it was added', async () => {
      await add('/d/judged.jpg', { state: 'done', suggestion: 'pass', scannedAt: 5_000 })
      const queued = await add('/d/queued.jpg')
      expect(await names({ from: 4_000, to: 6_000 })).toEqual(['/d/judged.jpg'])
      expect(await names({ from: queued.createdAt, to: queued.createdAt })).toEqual([
        '/d/queued.jpg',
      ])
      expect(await names({ to: 4_999 })).toEqual([])
    })

    it('a watched folder holds the files under its path, with either separator, and no sibling', async () => {
      const folder = await t.store.watch.folders.upsert('/w/cats')
      await add('/w/cats/a.jpg')
      await add('/w/cats/deep/b.jpg')
      await add('/w/cats\\c.jpg')
      await add('/w/catsup/d.jpg')
      await add('/w/cats.jpg')
      await add('/w/cats/e.jpg', {}, { sourceKind: 'url', source: '/w/cats/e.jpg' })
      expect((await names({ watchedFolderId: folder.id })).sort()).toEqual([
        '/w/cats/a.jpg',
        '/w/cats/deep/b.jpg',
        '/w/cats\\c.jpg',
      ])
      expect(await names({ watchedFolderId: folder.id + 100 })).toEqual([])
    })

    it('sorts newest, oldest, by file name, and by the highest flagged rate', async () => {
      await judgedSet()
      const all = ['/p/porn.jpg', '/p/code.jpg', '/p/clean.jpg', '/p/fixed.jpg', '/p/queued.jpg']
      expect(await names({}, 'oldest')).toEqual(all)
      expect(await names({}, 'newest')).toEqual([...all].reverse())
      expect(await names({}, 'name')).toEqual([
        '/p/clean.jpg',
        '/p/code.jpg',
        '/p/fixed.jpg',
        '/p/porn.jpg',
        '/p/queued.jpg',
      ])
      // The reviewer's block ranks first; the passed-over porn 91 counts for nothing; the
      // unflagged last, newest first.
      expect(await names({}, 'risk')).toEqual([
        '/p/fixed.jpg',
        '/p/porn.jpg',
        '/p/code.jpg',
        '/p/queued.jpg',
        '/p/clean.jpg',
      ])
    })

    it('sorts by the file name, not the folder, whatever the case', async () => {
      await add('/z/apple.jpg')
      await add('/a/Cherry.jpg')
      await add('C:\\b\\banana.jpg')
      expect(await names({}, 'name')).toEqual([
        '/z/apple.jpg',
        'C:\\b\\banana.jpg',
        '/a/Cherry.jpg',
      ])
    })

    it('a correction moves an image in the risk order and out of its scene filter', async () => {
      const a = await judged('/r/a.jpg', 'review', [flagged('porn', 'sexy', 70, 'review')])
      await judged('/r/b.jpg', 'block', [flagged('porn', 'porn', 90)])
      expect(await names({}, 'risk')).toEqual(['/r/b.jpg', '/r/a.jpg'])
      await t.store.items.update(a.id, {
        suggestion: 'pass',
        feedback: {
          corrections: [{ scene: 'porn', suggestion: 'pass', label: null }],
          note: null,
          at: 2,
          sentTo: 'local',
        },
      })
      expect(await names({ scene: 'porn' })).toEqual(['/r/b.jpg'])
      await t.store.items.update(a.id, { feedback: null })
      expect(await names({ scene: 'porn' })).toEqual(['/r/b.jpg', '/r/a.jpg'])
    })

    it('lists every matching id in the order of the sort', async () => {
      await judgedSet()
      const page = await t.store.items.list(0, 100, { states: ['done'] }, 'risk')
      expect(await t.store.items.ids({ states: ['done'] }, 'risk')).toEqual(
        page.items.map((i) => i.id),
      )
      expect(await t.store.items.ids({ search: 'nothing-like-this' })).toEqual([])
    })

    it('counts each facet with the other filters applied and its own left out', async () => {
      await judgedSet()
      const folder = await t.store.watch.folders.upsert('/p')
      await t.store.watch.folders.upsert('/elsewhere')
      const facets = await t.store.items.facets({ suggestions: ['block'], scene: 'porn' })
      expect(facets.total).toBe(1)
      // Verdicts leave out the suggestion: everything flagged porn, whatever its verdict.
      expect(facets.verdicts).toEqual([{ state: 'done', suggestion: 'block', count: 1 }])
      // Scenes leave out the scene: the two blocked images' flagged scenes.
      expect(facets.scenes.sort((a, b) => a.value.localeCompare(b.value))).toEqual([
        { value: 'ad', count: 1 },
        { value: 'porn', count: 1 },
      ])
      expect(facets.labels).toEqual([{ value: 'porn', count: 1 }])
      expect(facets.engines).toEqual([{ value: 'local', count: 1 }])
      expect(facets.corrected).toEqual({ yes: 0, no: 1 })
      expect(facets.folders).toEqual([{ id: folder.id, count: 1 }])

      const open = await t.store.items.facets({})
      expect(open.total).toBe(5)
      expect(open.verdicts.reduce((n, v) => n + v.count, 0)).toBe(5)
      expect(open.labels).toEqual([
        { value: 'porn', count: 1 },
        { value: 'qrcode', count: 1 },
        { value: 'sexy', count: 1 },
      ])
      expect(open.corrected).toEqual({ yes: 1, no: 4 })
      expect(open.folders).toEqual([{ id: folder.id, count: 5 }])
    })

    it('keeps the chosen label among the label counts, even outside the most frequent', async () => {
      for (let i = 0; i < 22; i++) {
        const results = [flagged('porn', `common${String(i % 21).padStart(2, '0')}`, 90)]
        await add(`/l/${String(i)}.jpg`, { state: 'done', suggestion: 'block', results })
      }
      await judged('/l/rare.jpg', 'block', [flagged('porn', 'zz-rare', 90)])
      const facets = await t.store.items.facets({ label: 'zz-rare' })
      expect(facets.labels).toHaveLength(20)
      expect(facets.labels[0]).toEqual({ value: 'common00', count: 2 })
      expect(facets.labels.map((l) => l.value)).toContain('zz-rare')
      expect(facets.total).toBe(1)
    })
  })
}
