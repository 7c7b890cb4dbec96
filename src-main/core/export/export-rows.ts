import {
  mostSevere,
  SCENES,
  type Item,
  type Scene,
  type SceneResult,
} from '../../../src-shared/domain'

/** A CSV cell: text (neutralised against formula injection when written) or a number we computed. */
export type Cell = string | number

/**
 * What an unsupported scene shows in the suggestion column (both layouts): the engine was asked
 * but cannot judge it (the local engine has no terrorism model), which is not "pass" and not
 * "not scanned yet" (an empty cell).
 */
export const UNSUPPORTED_SUGGESTION = 'unsupported'

/**
 * The feedback column. Items carry no feedback yet; when they do, this is the one line to change
 * (e.g. `item.feedback?.suggestion ?? ''`), and the overall suggestion below should then use it.
 */
export function feedbackCell(_item: Item, _scene?: Scene): string {
  return ''
}

/** Scenes in the canonical order (porn, terrorism, ad, qrcode, live, logo). */
export function inSceneOrder(scenes: Iterable<Scene>): Scene[] {
  const set = new Set(scenes)
  return SCENES.filter((scene) => set.has(scene))
}

/** Every scene an item mentions: asked for, answered, or reported unsupported. */
export function itemScenes(item: Item): Scene[] {
  return inSceneOrder([
    ...item.scenes,
    ...item.results.map((r) => r.scene),
    ...item.unsupportedScenes,
  ])
}

/** The scenes that get columns in the wide layout: those present in any exported item. */
export class ScenesPresent {
  private readonly seen = new Set<Scene>()

  add(item: Item): void {
    for (const scene of itemScenes(item)) this.seen.add(scene)
  }

  list(): Scene[] {
    return inSceneOrder(this.seen)
  }
}

export function isoTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString()
}

function errorCell(item: Item): string {
  return item.error ? `${item.error.code}: ${item.error.message}` : ''
}

function resultFor(item: Item, scene: Scene): SceneResult | undefined {
  return item.results.find((r) => r.scene === scene)
}

/** Decoded QR payloads from every scene, in order, once each; one per line in the cell. */
function qrcodeData(item: Item): string {
  const all = item.results.flatMap((r) => r.extras?.qrcodeData ?? [])
  return [...new Set(all)].join('\n')
}

/** The most severe suggestion across scenes; empty until the item has results. */
export function overallSuggestion(item: Item): string {
  return mostSevere(item.results.map((r) => r.suggestion)) ?? ''
}

function sceneCells(item: Item, scene: Scene): [label: Cell, suggestion: Cell, rate: Cell] {
  const result = resultFor(item, scene)
  if (result) return [result.label, result.suggestion, result.rate]
  if (item.unsupportedScenes.includes(scene)) return ['', UNSUPPORTED_SUGGESTION, '']
  return ['', '', '']
}

const TAIL_COLUMNS = ['engine', 'data_id', 'task_id', 'scanned_at', 'error'] as const

function tailCells(item: Item): Cell[] {
  return [
    item.engine,
    item.dataId ?? '',
    item.taskId ?? '',
    isoTime(item.scannedAt),
    errorCell(item),
  ]
}

/** Default layout: one row per image. */
export function wideHeader(scenes: readonly Scene[]): string[] {
  return [
    'source',
    'sha256',
    'status',
    'suggestion',
    ...scenes.flatMap((s) => [`${s}_label`, `${s}_suggestion`, `${s}_rate`]),
    'qrcode_data',
    'feedback',
    ...TAIL_COLUMNS,
  ]
}

export function wideRow(item: Item, scenes: readonly Scene[]): Cell[] {
  return [
    item.source,
    item.sha256 ?? '',
    item.state,
    overallSuggestion(item),
    ...scenes.flatMap((scene) => sceneCells(item, scene)),
    qrcodeData(item),
    feedbackCell(item),
    ...tailCells(item),
  ]
}

/** `--long`: one row per image and scene. */
export const LONG_HEADER: readonly string[] = [
  'source',
  'sha256',
  'scene',
  'label',
  'suggestion',
  'rate',
  'extras',
  'feedback',
  ...TAIL_COLUMNS,
]

/**
 * An item with no scene at all (never expected) still gets one row, so an export never silently
 * drops an image.
 */
export function longRows(item: Item): Cell[][] {
  const scenes = itemScenes(item)
  const row = (scene: Scene | '', cells: Cell[], extras: string, feedback: string): Cell[] => [
    item.source,
    item.sha256 ?? '',
    scene,
    ...cells,
    extras,
    feedback,
    ...tailCells(item),
  ]
  if (scenes.length === 0) return [row('', ['', '', ''], '', feedbackCell(item))]
  return scenes.map((scene) => {
    const extras = resultFor(item, scene)?.extras
    return row(
      scene,
      sceneCells(item, scene),
      extras && Object.keys(extras).length > 0 ? JSON.stringify(extras) : '',
      feedbackCell(item, scene),
    )
  })
}
