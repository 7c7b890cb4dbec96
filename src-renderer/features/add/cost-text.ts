import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import type { MessageKey } from '../../i18n/en'

type T = (key: MessageKey, values?: Record<string, string | number>) => string

/** "1 image", "4,200 images": English needs the plural, Chinese reads the same either way. */
function counted(value: number, one: MessageKey, many: MessageKey, t: T): string {
  return t(value === 1 ? one : many, { count: value.toLocaleString('en-US') })
}

/** "4,200 images × 3 scenes = 12,600 billable units", with frames when GIFs add some. */
export function costFigure(estimate: CostEstimate, t: T): string {
  const values = {
    images: counted(estimate.images, 'cost.image', 'cost.images', t),
    frames: counted(estimate.frames, 'cost.frame', 'cost.frames', t),
    scenes: counted(estimate.scenes, 'cost.scene', 'cost.scenes', t),
    units: counted(estimate.units, 'cost.unit', 'cost.units', t),
  }
  return t(estimate.frames === estimate.images ? 'cost.figure' : 'cost.figureFrames', values)
}

/** The asides: images already judged (free) and inputs that cannot be scanned. */
export function costAsides(estimate: CostEstimate, t: T): string {
  return [
    ...(estimate.free > 0
      ? [t('cost.free', { images: counted(estimate.free, 'cost.image', 'cost.images', t) })]
      : []),
    ...(estimate.unscannable > 0
      ? [t('cost.unscannable', { count: estimate.unscannable.toLocaleString('en-US') })]
      : []),
  ].join(t('cost.separator'))
}
