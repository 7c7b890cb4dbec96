import {
  SCENES,
  suggestionAfterFeedback,
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
 * The feedback column: a reviewer's correction, in one stable, readable form (both layouts):
 *
 *   `<scene>=<suggestion>[:<label>] ...; sent to green|kept locally[; note: <note>]`
 *
 * e.g. `porn=pass:normal qrcode=pass; sent to green; note: a beach photo`. Corrections are in
 * the canonical scene order; "sent to green" means Green's feedback API was told about the image
 * (scenes it does not take are still kept locally). Empty when nobody corrected the image. In
 * `--long`, each row shows its own scene's correction only (empty for scenes not corrected), with
 * the same where/note tail, so a filter on one scene still sees the note.
 */
export function feedbackCell(item: Item, scene?: Scene): string {
  const feedback = item.feedback
  if (feedback === null) return ''
  const corrections = feedback.corrections.filter((c) => scene === undefined || c.scene === scene)
  if (corrections.length === 0) return ''
  const parts = [
    corrections
      .map((c) => `${c.scene}=${c.suggestion}${c.label !== null ? `:${c.label}` : ''}`)
      .join(' '),
    feedback.sentTo === 'green' ? 'sent to green' : 'kept locally',
  ]
  if (feedback.note !== null && feedback.note !== '') parts.push(`note: ${feedback.note}`)
  return parts.join('; ')
}

/** Scenes in the canonical order (porn, terrorism, ad, qrcode, live, logo). */
export function inSceneOrder(scenes: Iterable<Scene>): Scene[] {
  const set = new Set(scenes)
  return SCENES.filter((scene) => set.has(scene))
}

/** Every scene an item mentions: asked for, answered, reported unsupported, or corrected. */
export function itemScenes(item: Item): Scene[] {
  return inSceneOrder([
    ...item.scenes,
    ...item.results.map((r) => r.scene),
    ...item.unsupportedScenes,
    ...(item.feedback?.corrections.map((c) => c.scene) ?? []),
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

/**
 * The item's suggestion after feedback (what the scan service and FeedbackService store), so a
 * reviewer's correction is what the export says; empty until the item has a verdict. An item
 * stored without one but with results (never expected) falls back to the engine's own verdict.
 */
export function overallSuggestion(item: Item): string {
  return item.suggestion ?? suggestionAfterFeedback(item.results, item.feedback) ?? ''
}

/**
 * Per-scene cells are the engine's own verdict in both layouts, even for a corrected scene: the
 * correction sits beside it in the feedback column, so nothing the engine said is hidden and an
 * audit can compare the two. Only the overall `suggestion` (wide layout) is after feedback.
 */
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

/**
 * An export with history adds a `current` column after `sha256` (both layouts): `true` for each
 * source's newest item, `false` for one a rerun, a retry or an edit superseded.
 */
export function withCurrent<T extends Cell>(row: readonly T[], history: boolean, cell: T): T[] {
  return history ? [...row.slice(0, 2), cell, ...row.slice(2)] : [...row]
}

export function currentCell(item: Item & { readonly current?: boolean }): string {
  return item.current === undefined ? '' : String(item.current)
}
