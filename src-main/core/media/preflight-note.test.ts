import { describe, expect, it } from 'vitest'
import { noteText } from '../../../src-shared/domain'
import { describeChange as change } from './preflight-note'

const describeChange = (c: Parameters<typeof change>[0]) => noteText(change(c))

const MB = 2 ** 20
const facts = (width: number, height: number, bytes: number, frames = 1) => ({
  width,
  height,
  bytes,
  frames,
})

describe('describeChange', () => {
  it('says what was done, with sizes, and why', () => {
    expect(
      describeChange({
        from: 'jpeg',
        to: 'jpeg',
        original: facts(4000, 3000, 25.1 * MB),
        sent: facts(4000, 3000, 3.2 * MB),
        firstFrameOnly: false,
      }),
    ).toBe("re-encoded as JPEG (25.1 MB → 3.2 MB) to fit Green's limits")
    expect(
      describeChange({
        from: 'jpeg',
        to: 'jpeg',
        original: facts(30_001, 400, 2 * MB),
        sent: facts(30_000, 400, 1.9 * MB),
        firstFrameOnly: false,
      }),
    ).toBe("downscaled from 30001×400 to 30000×400 to fit Green's limits")
    expect(
      describeChange({
        from: 'gif',
        to: 'gif',
        original: facts(2100, 2100, 1 * MB, 3),
        sent: facts(2048, 2048, 1 * MB, 3),
        firstFrameOnly: false,
      }),
    ).toBe("downscaled from 2100×2100 to 2048×2048 (all 3 frames kept) to fit Green's limits")
    expect(
      describeChange({
        from: 'gif',
        to: 'png',
        original: facts(2100, 2100, 1 * MB, 3),
        sent: facts(2100, 2100, 0.5 * MB),
        firstFrameOnly: true,
      }),
    ).toBe(
      "kept only the first of its 3 frames and re-encoded as PNG (1.0 MB → 0.5 MB) to fit Green's limits",
    )
    expect(
      describeChange({
        from: 'tiff',
        to: 'jpeg',
        original: facts(100, 100, 0.1 * MB),
        sent: facts(100, 100, 0.01 * MB),
        firstFrameOnly: false,
      }),
    ).toBe('re-encoded as JPEG (0.1 MB → 11 KB) because Green does not accept TIFF')
  })
})
