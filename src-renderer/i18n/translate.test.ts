import { describe, expect, it } from 'vitest'
import { en } from './en'
import { translate } from './translate'
import { zhCN } from './zh-cn'

describe('translate', () => {
  it('fills placeholders in both languages', () => {
    expect(translate('en', 'add.added', { count: 3 })).toBe('Added 3 to the queue')
    expect(translate('zh-CN', 'add.added', { count: 3 })).toBe('已加入 3 项')
  })

  it('has the same placeholders in every zh-CN message as in English', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(names(zhCN[key]), key).toEqual(names(en[key]))
    }
  })
})
