import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../src-shared/domain'
import { verdictEngineKey } from './verdict-engine-key'

describe('verdictEngineKey', () => {
  const base = {
    frameHints: DEFAULT_SETTINGS.frameHints,
    localThresholds: DEFAULT_SETTINGS.localThresholds,
  }

  it('is stable for the same settings and names the engine', () => {
    expect(verdictEngineKey('green', base)).toBe(verdictEngineKey('green', { ...base }))
    expect(verdictEngineKey('green', base)).toMatch(/^green:[0-9a-f]{16}$/)
    expect(verdictEngineKey('local', base)).toMatch(/^local:[0-9a-f]{16}$/)
  })

  it('changes with frame sampling for both engines: a GIF is judged on other frames', () => {
    const more = { ...base, frameHints: { interval: 2, maxFrames: 20 } }
    expect(verdictEngineKey('green', more)).not.toBe(verdictEngineKey('green', base))
    expect(verdictEngineKey('local', more)).not.toBe(verdictEngineKey('local', base))
  })

  it('changes with the local cut-offs for the local engine only', () => {
    const stricter = {
      ...base,
      localThresholds: {
        porn: { ...base.localThresholds.porn, block: base.localThresholds.porn.block - 5 },
      },
    }
    expect(verdictEngineKey('local', stricter)).not.toBe(verdictEngineKey('local', base))
    expect(verdictEngineKey('green', stricter)).toBe(verdictEngineKey('green', base))
  })
})
