import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '../../../../src-shared/domain'
import { useStore, type MakeStore } from './store-harness'

/** Settings and credential profiles round trips: the same for every implementation. */
export function describeSettingsAndProfilesContract(makeStore: MakeStore): void {
  describe('SettingsStore contract', () => {
    const t = useStore(makeStore)

    it('reads the defaults until something is saved, then what was saved', async () => {
      expect(await t.store.settings.get()).toEqual(DEFAULT_SETTINGS)
      const saved = await t.store.settings.set({ language: 'zh-CN', scenes: ['ad'], bizType: 'x' })
      expect(saved).toEqual({
        ...DEFAULT_SETTINGS,
        language: 'zh-CN',
        scenes: ['ad'],
        bizType: 'x',
      })
      await t.store.settings.set({ bizType: null })
      const again = await t.reopen()
      expect(await again.settings.get()).toEqual({
        ...DEFAULT_SETTINGS,
        language: 'zh-CN',
        scenes: ['ad'],
      })
    })

    it('tells its listeners the saved settings until they unsubscribe', async () => {
      const heard: Settings[] = []
      const off = t.store.settings.onChanged((s) => heard.push(s))
      await t.store.settings.set({ concurrency: 2 })
      off()
      await t.store.settings.set({ concurrency: 3 })
      expect(heard.map((s) => s.concurrency)).toEqual([2])
    })
  })

  describe('ProfilesStore contract', () => {
    const t = useStore(makeStore)
    const profile = (name: string) => ({
      name,
      region: 'cn-shanghai' as const,
      endpoint: null,
      accessKeyId: `LTAI-${name}`,
    })

    it('makes the first profile active and keeps one active while any exist', async () => {
      expect(await t.store.profiles.active()).toBeUndefined()
      expect(await t.store.profiles.upsert(profile('work'), false)).toMatchObject({ active: true })
      expect(await t.store.profiles.upsert(profile('alt'), false)).toMatchObject({ active: false })
      expect((await t.store.profiles.list()).map((p) => p.name)).toEqual(['alt', 'work'])
      expect(await t.store.profiles.activate('alt')).toBe(true)
      expect(await t.store.profiles.activate('none')).toBe(false)
      expect((await t.store.profiles.active())?.name).toBe('alt')
      expect(await t.store.profiles.delete('alt')).toBe(true)
      expect(await t.store.profiles.delete('alt')).toBe(false)
      expect((await t.store.profiles.active())?.name).toBe('work')
    })

    it('updates a profile in place and activates it when asked', async () => {
      await t.store.profiles.upsert(profile('work'), false)
      await t.store.profiles.upsert(profile('alt'), false)
      const moved = await t.store.profiles.upsert(
        { ...profile('alt'), region: 'ap-southeast-1', endpoint: 'https://green.example' },
        true,
      )
      expect(moved).toEqual({
        ...profile('alt'),
        region: 'ap-southeast-1',
        endpoint: 'https://green.example',
        active: true,
      })
      const again = await t.reopen()
      expect(await again.profiles.get('alt')).toEqual(moved)
      expect(await again.profiles.get('work')).toMatchObject({ active: false })
      expect(await again.profiles.get('none')).toBeUndefined()
    })
  })
}
