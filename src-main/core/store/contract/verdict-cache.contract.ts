import { describe, expect, it } from 'vitest'
import type { SceneResult } from '../../../../src-shared/domain'
import type { VerdictKey } from '../ports/verdict-cache'
import { useStore, type MakeStore } from './store-harness'

const KEY: VerdictKey = { sha256: 'ab'.repeat(32), engine: 'green', bizType: null }
const PORN: SceneResult = { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99.9 }
const AD: SceneResult = { scene: 'ad', label: 'ad', suggestion: 'review', rate: 80 }

/** What the scan service and the cost planner rely on from a VerdictCache: the same for every implementation. */
export function describeVerdictCacheContract(makeStore: MakeStore): void {
  describe('VerdictCache contract', () => {
    const t = useStore(makeStore)

    it('answers the cached scenes of an image: verdicts and scenes the engine cannot judge', async () => {
      expect(await t.store.verdicts.lookup(KEY, ['porn'])).toEqual([])
      await t.store.verdicts.store(KEY, [PORN, AD], ['logo'], 'task-1')
      const found = await t.store.verdicts.lookup(KEY, ['porn', 'ad', 'logo', 'qrcode'])
      const byScene = new Map(found.map((c) => [c.scene, c]))
      expect(byScene.get('porn')).toEqual({ scene: 'porn', result: PORN, taskId: 'task-1' })
      expect(byScene.get('ad')).toEqual({ scene: 'ad', result: AD, taskId: 'task-1' })
      expect(byScene.get('logo')).toEqual({ scene: 'logo', result: null, taskId: null })
      expect(byScene.has('qrcode')).toBe(false)
      expect((await t.store.verdicts.lookup(KEY, ['ad'])).map((c) => c.scene)).toEqual(['ad'])
      expect(await t.store.verdicts.lookup(KEY, [])).toEqual([])
      expect(await t.store.verdicts.count()).toBe(3)
    })

    it('keys by bytes, engine and bizType: a different one is a miss', async () => {
      await t.store.verdicts.store(KEY, [PORN], [], null)
      const misses: VerdictKey[] = [
        { ...KEY, sha256: 'cd'.repeat(32) },
        { ...KEY, engine: 'local' },
        { ...KEY, engine: 'green+thresholds' },
        { ...KEY, bizType: 'shop' },
      ]
      for (const key of misses) expect(await t.store.verdicts.lookup(key, ['porn'])).toEqual([])
      await t.store.verdicts.store({ ...KEY, bizType: 'shop' }, [AD], [], null)
      expect(await t.store.verdicts.lookup({ ...KEY, bizType: 'shop' }, ['porn', 'ad'])).toEqual([
        { scene: 'ad', result: AD, taskId: null },
      ])
    })

    it('replaces a scene stored again, and stores nothing for an empty result', async () => {
      await t.store.verdicts.store(KEY, [PORN], [], 'old')
      const block: SceneResult = { ...PORN, label: 'sexy', suggestion: 'block' }
      await t.store.verdicts.store(KEY, [block], [], 'new')
      expect(await t.store.verdicts.lookup(KEY, ['porn'])).toEqual([
        { scene: 'porn', result: block, taskId: 'new' },
      ])
      await t.store.verdicts.store(KEY, [], [], null)
      expect(await t.store.verdicts.count()).toBe(1)
      const again = await t.reopen()
      expect(await again.verdicts.lookup(KEY, ['porn'])).toHaveLength(1)
    })
  })
}
