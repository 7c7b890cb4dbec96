import { describe, expect, it } from 'vitest'
import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import type { MessageKey } from '../../i18n/en'
import { translate, type Language } from '../../i18n/translate'
import { costAsides, costFigure } from './cost-text'

const t = (language: Language) => (key: MessageKey, values?: Record<string, string | number>) =>
  translate(language, key, values)

const estimate = (patch: Partial<CostEstimate>): CostEstimate => ({
  engine: 'green',
  images: 4_200,
  scenes: 3,
  frames: 4_200,
  units: 12_600,
  free: 1_300,
  unscannable: 0,
  ...patch,
})

describe('the cost, in words', () => {
  it('reads as the brief’s question in English, with frames only when GIFs add some', () => {
    expect(costFigure(estimate({}), t('en'))).toBe(
      '4,200 images × 3 scenes = 12,600 billable units',
    )
    expect(costAsides(estimate({}), t('en'))).toBe('1,300 images already judged, free')
    expect(costFigure(estimate({ images: 1, frames: 5, scenes: 1, units: 5 }), t('en'))).toBe(
      '1 image (5 frames) × 1 scene = 5 billable units',
    )
  })

  it('reads in Chinese too', () => {
    expect(costFigure(estimate({}), t('zh-CN'))).toBe('4,200 张图片 × 3 个场景 = 12,600 个计费单位')
    expect(costAsides(estimate({ unscannable: 2 }), t('zh-CN'))).toBe(
      '1,300 张图片已检测过，免费；2 项无法检测，不计费',
    )
  })
})
