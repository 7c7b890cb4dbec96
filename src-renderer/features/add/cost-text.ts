import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import type { MessageKey } from '../../i18n/en'

type T = (key: MessageKey, values?: Record<string, string | number>) => string

const n = (value: number) => value.toLocaleString('en-US')

/** "4,200 images × 3 scenes = 12,600 billable units", with frames when GIFs add some. */
export function costFigure(estimate: CostEstimate, t: T): string {
  const values = {
    images: n(estimate.images),
    frames: n(estimate.frames),
    scenes: n(estimate.scenes),
    units: n(estimate.units),
  }
  return t(estimate.frames === estimate.images ? 'cost.figure' : 'cost.figureFrames', values)
}

/** The asides: images already judged (free) and inputs that cannot be scanned. */
export function costAsides(estimate: CostEstimate, t: T): string {
  return [
    ...(estimate.free > 0 ? [t('cost.free', { count: n(estimate.free) })] : []),
    ...(estimate.unscannable > 0
      ? [t('cost.unscannable', { count: n(estimate.unscannable) })]
      : []),
  ].join(t('cost.separator'))
}
