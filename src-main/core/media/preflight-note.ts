import { itemNote, type ItemNote } from '../../../src-shared/domain'
import { isGreenFormat } from './green-limits'
import type { ImageFormat } from './image-format'

interface Facts {
  readonly width: number
  readonly height: number
  readonly bytes: number
  readonly frames: number
}

export interface Change {
  readonly from: ImageFormat
  readonly to: 'jpeg' | 'png' | 'gif'
  readonly original: Facts
  readonly sent: Facts
  readonly firstFrameOnly: boolean
}

/**
 * The note stored on an item whose file was replaced by a temp copy: the figures of both, from
 * which each host says what was lost (size, frames, quality) and why, e.g. "downscaled from
 * 30001×400 to 30000×400 to fit Green's limits" (`noteText`).
 */
export function describeChange(change: Change): ItemNote {
  const { original, sent } = change
  return itemNote('preflight-changed', {
    from: change.from,
    to: change.to,
    greenFormat: isGreenFormat(change.from) ? 'yes' : 'no',
    width: String(original.width),
    height: String(original.height),
    bytes: String(original.bytes),
    frames: String(original.frames),
    sentWidth: String(sent.width),
    sentHeight: String(sent.height),
    sentBytes: String(sent.bytes),
    sentFrames: String(sent.frames),
    firstFrameOnly: change.firstFrameOnly ? 'yes' : 'no',
  })
}
