import { describe, expect, it } from 'vitest'
import { testItem } from '../../../tests/fixtures/items'
import { correctionsBesideEngine, extraLines, ownsEnter, previewPicture } from './preview-facts'

describe('extraLines', () => {
  it('words every extra Green returned, and names the matched frame', () => {
    const lines = extraLines({
      qrcodeData: ['https://a.example', 'https://b.example'],
      qrcodeLocations: [{ x: 10.4, y: 20, w: 100, h: 99.6, qrcode: 'https://a.example' }],
      programCodeData: [{ x: 1, y: 2, w: 3, h: 4 }],
      logoData: [{ x: 0, y: 0, w: 9, h: 9, type: 'TV', name: 'CCTV' }],
      sfaceData: [{ x: 0, y: 0, w: 9, h: 9, faces: [{ id: 'f', name: 'Someone', rate: 91.5 }] }],
      hintWordsInfo: [{ context: 'buy' }, { context: 'now' }],
      ocrData: ['SALE 50%'],
      frames: [
        { rate: 60, url: 'u0' },
        { rate: 97, url: 'u1' },
        { rate: 80, url: 'u2' },
      ],
    })
    expect(lines).toEqual([
      {
        key: 'preview.extra.qrAt',
        values: { text: 'https://a.example', x: 10, y: 20, w: 100, h: 100 },
      },
      { key: 'preview.extra.qr', values: { text: 'https://b.example' } },
      { key: 'preview.extra.program', values: { x: 1, y: 2, w: 3, h: 4 } },
      { key: 'preview.extra.logo', values: { name: 'CCTV', type: 'TV' } },
      { key: 'preview.extra.face', values: { name: 'Someone', rate: 91.5 } },
      { key: 'preview.extra.hint', values: { words: 'buy, now' } },
      { key: 'preview.extra.ocr', values: { text: 'SALE 50%' } },
      { key: 'preview.extra.frames', values: { count: 3, frame: 2, rate: 97 } },
    ])
    expect(extraLines(undefined)).toEqual([])
  })
})

describe('correctionsBesideEngine', () => {
  it('keeps the engine verdict beside each corrected scene, and none for a scene it never judged', () => {
    const item = testItem(1, {
      results: [{ scene: 'porn', label: 'porn', suggestion: 'block', rate: 98 }],
      feedback: {
        corrections: [
          { scene: 'porn', suggestion: 'pass', label: null },
          { scene: 'logo', suggestion: 'block', label: null },
        ],
        note: null,
        at: 1,
        sentTo: 'local',
      },
    })
    expect(correctionsBesideEngine(item)).toEqual([
      { scene: 'porn', engine: { suggestion: 'block', rate: 98 }, you: 'pass' },
      { scene: 'logo', engine: null, you: 'block' },
    ])
  })
})

describe('previewPicture', () => {
  it('shows an image by hash, and says why not for a link or an image not judged', () => {
    expect(previewPicture({ sourceKind: 'file', sha256: 'ab', state: 'done' })).toEqual({
      kind: 'image',
      sha256: 'ab',
    })
    expect(previewPicture({ sourceKind: 'url', sha256: null, state: 'done' })).toEqual({
      kind: 'url',
    })
    expect(previewPicture({ sourceKind: 'file', sha256: null, state: 'queued' })).toEqual({
      kind: 'not-judged',
    })
  })
})

describe('ownsEnter', () => {
  it('leaves Enter to buttons, links and fields', () => {
    const el = (tagName: string, role: string | null = null) => ({
      tagName,
      getAttribute: () => role,
    })
    expect(ownsEnter(el('BUTTON') as never)).toBe(true)
    expect(ownsEnter(el('TEXTAREA') as never)).toBe(true)
    expect(ownsEnter(el('DIV', 'button') as never)).toBe(true)
    expect(ownsEnter(el('DIV') as never)).toBe(false)
    expect(ownsEnter(null)).toBe(false)
  })
})
