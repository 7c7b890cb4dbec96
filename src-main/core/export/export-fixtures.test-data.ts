import type { Item } from '../../../src-shared/domain'
import { testItem } from '../../../tests/fixtures/items'

/** Test data for the export tests (not a test file itself). Times are fixed: golden files. */
const T0 = Date.UTC(2026, 10, 25, 9, 30, 0, 123)

const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(32)

function base(id: number): Item {
  return testItem(id, {
    sha256: sha(id),
    engine: 'green',
    state: 'done',
    createdAt: T0,
    updatedAt: T0 + 1000,
  })
}

/** A plain scanned item, for volume tests. */
export function makeItem(id: number): Item {
  return {
    ...base(id),
    scenes: ['porn', 'qrcode'],
    suggestion: 'pass',
    results: [
      { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99.5 },
      { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 99 },
    ],
    dataId: `d-${id}`,
    scannedAt: T0 + id,
  }
}

/** Every case the golden files pin down: layouts, injection, quoting, Unicode, errors, feedback. */
export function goldenItems(): Item[] {
  return [
    {
      ...base(1),
      source: '/photos/猫咪 🐱/假期 2024.jpg',
      scenes: ['porn', 'terrorism', 'qrcode'],
      suggestion: 'block',
      results: [
        {
          scene: 'qrcode',
          label: 'qrcode',
          suggestion: 'review',
          rate: 99,
          extras: {
            qrcodeData: ['=HYPERLINK("http://evil.example/","click")', 'https://ok.example/'],
          },
        },
        { scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99.91 },
        { scene: 'terrorism', label: 'bloody', suggestion: 'block', rate: 87.5 },
      ],
      dataId: 'd-1',
      taskId: 'img1x-2026',
      scannedAt: T0 + 5000,
    },
    {
      ...base(2),
      sourceKind: 'url',
      source: 'https://example.com/a,b.png?q="x"',
      scenes: ['porn', 'ad', 'qrcode'],
      suggestion: 'review',
      results: [
        { scene: 'porn', label: 'sexy', suggestion: 'review', rate: 75 },
        {
          scene: 'ad',
          label: '+SUM(1;2)',
          suggestion: 'pass',
          rate: 0,
          extras: {
            hintWordsInfo: [{ context: '加微信' }],
          },
        },
        {
          scene: 'qrcode',
          label: 'qrcode',
          suggestion: 'review',
          rate: 100,
          extras: {
            qrcodeData: ['\rcarriage'],
          },
        },
      ],
      dataId: '-2+3',
      taskId: '@cmd',
      scannedAt: T0 + 6000,
    },
    {
      ...base(3),
      source: 'C:\\Users\\王\\Desktop\\😀.PNG',
      engine: 'local',
      scenes: ['porn', 'terrorism'],
      suggestion: 'pass',
      results: [{ scene: 'porn', label: 'normal', suggestion: 'pass', rate: 0.5 }],
      unsupportedScenes: ['terrorism'],
      dataId: '\tdata-tab',
      scannedAt: T0 + 7000,
    },
    {
      ...base(4),
      source: '/photos/broken.jpg',
      sha256: null,
      state: 'failed',
      error: {
        code: 'NOT_AN_IMAGE',
        message: 'This file is not an image.\nRemove it, or rename it if it is one.',
        retryable: false,
      },
    },
    {
      ...base(5),
      source: '/photos/"quoted", name.jpg',
      sha256: null,
      state: 'queued',
      scenes: ['porn', 'ad'],
    },
    {
      // A reviewer passed a Green block: the overall suggestion follows the correction, the
      // porn columns still say what Green said.
      ...base(6),
      source: '/photos/beach.jpg',
      scenes: ['porn', 'terrorism'],
      suggestion: 'pass',
      results: [
        { scene: 'porn', label: 'porn', suggestion: 'block', rate: 98.2 },
        { scene: 'terrorism', label: 'normal', suggestion: 'pass', rate: 99.9 },
      ],
      feedback: {
        corrections: [{ scene: 'porn', suggestion: 'pass', label: 'normal' }],
        note: 'a beach photo,\n"not" porn =SUM(1)',
        at: T0 + 9000,
        sentTo: 'green',
      },
      dataId: '6',
      taskId: 'img6-2026',
      scannedAt: T0 + 8000,
    },
    {
      // Local verdicts are corrected locally; qrcode has no label and no note.
      ...base(7),
      source: '/photos/flyer.png',
      engine: 'local',
      scenes: ['porn', 'qrcode'],
      suggestion: 'block',
      results: [
        { scene: 'porn', label: 'sexy', suggestion: 'review', rate: 70 },
        { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 99 },
      ],
      feedback: {
        corrections: [
          { scene: 'porn', suggestion: 'block', label: 'sexy' },
          { scene: 'qrcode', suggestion: 'block', label: null },
        ],
        note: null,
        at: T0 + 9500,
        sentTo: 'local',
      },
      dataId: '7',
      scannedAt: T0 + 8500,
    },
  ]
}
