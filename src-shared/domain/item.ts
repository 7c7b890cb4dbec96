import { z } from 'zod'
import { ERROR_CODES } from '../result/app-error'
import { engineIdSchema } from './engine'
import { itemFeedbackSchema } from './feedback'
import { itemNoteSchema } from './item-note'
import { scanModeSchema } from './scan-mode'
import { sceneResultSchema } from './scene-result'
import { sceneSchema, suggestionSchema } from './scene'

/**
 * An item's life (docs/architecture.md §4):
 * queued -> hashing -> (cached | uploading -> scanning | submitted -> polling) -> done | failed | cancelled.
 */
export const ITEM_STATES = [
  'queued',
  'hashing',
  'cached',
  'uploading',
  'scanning',
  'submitted',
  'polling',
  'done',
  'failed',
  'cancelled',
] as const
export const itemStateSchema = z.enum(ITEM_STATES)
export type ItemState = z.infer<typeof itemStateSchema>

export const FINAL_STATES: readonly ItemState[] = ['done', 'failed', 'cancelled']

export function isFinalState(state: ItemState): boolean {
  return FINAL_STATES.includes(state)
}

export const SOURCE_KINDS = ['file', 'url', 'bytes'] as const
export const sourceKindSchema = z.enum(SOURCE_KINDS)
export type SourceKind = z.infer<typeof sourceKindSchema>

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  params: z.record(z.string(), z.string()).optional(),
})

export const itemSchema = z.object({
  id: z.number().int(),
  sourceKind: sourceKindSchema,
  /** A file path, an http(s) URL, or a label for in-memory bytes. Shown, never opened by the UI. */
  source: z.string(),
  sha256: z.string().nullable(),
  engine: engineIdSchema,
  scenes: z.array(sceneSchema),
  bizType: z.string().nullable(),
  /** Sync or async submission to Green (the local engine runs both the same way). */
  mode: scanModeSchema,
  state: itemStateSchema,
  /** The most severe suggestion across scenes, after feedback; null until scanned. */
  suggestion: suggestionSchema.nullable(),
  results: z.array(sceneResultSchema),
  /** Scenes the engine cannot judge (the local engine has no terrorism model, say): never faked. */
  unsupportedScenes: z.array(sceneSchema),
  error: appErrorSchema.nullable(),
  /** Something the user should know that is not an error ("downscaled to fit Green's limits"). */
  note: itemNoteSchema.nullable(),
  dataId: z.string().nullable(),
  taskId: z.string().nullable(),
  /** The URL Green judged: the image's own URL, or the oss:// copy a local file was uploaded to. */
  sentUrl: z.string().nullable(),
  /** When an async task was submitted (epoch ms): Green keeps its result for one hour. */
  submittedAt: z.number().int().nullable(),
  /** A reviewer's correction; `suggestion` above already accounts for it. */
  feedback: itemFeedbackSchema.nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  scannedAt: z.number().int().nullable(),
})
export type Item = z.infer<typeof itemSchema>

export const itemFilterSchema = z
  .object({
    states: z.array(itemStateSchema).max(ITEM_STATES.length).optional(),
    suggestions: z.array(suggestionSchema).max(3).optional(),
    scene: sceneSchema.optional(),
    engine: engineIdSchema.optional(),
    /** Case-insensitive substring of the source: its name or any part of its path. */
    search: z.string().max(500).optional(),
    /** A label some scene returned (`sexy`, `qrcode`, `programCode`), as the API spells it. */
    label: z.string().min(1).max(64).optional(),
    /** True: only images a reviewer corrected; false: only those nobody corrected. */
    corrected: z.boolean().optional(),
    /** Only files under this watched folder (its id in watch:list). */
    watchedFolderId: z.number().int().positive().optional(),
    /** Epoch ms bounds, inclusive, on when the image was judged (else when it was added). */
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
  })
  .strict()
export type ItemFilter = z.infer<typeof itemFilterSchema>

/** How the queue is ordered; `risk` puts the highest review or block rate first. */
export const ITEM_SORTS = ['newest', 'oldest', 'name', 'risk'] as const
export const itemSortSchema = z.enum(ITEM_SORTS)
export type ItemSort = z.infer<typeof itemSortSchema>

/** Counts by state, for progress: what the status bar and the CLI show. */
export const progressSchema = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  blocked: z.number().int(),
  review: z.number().int(),
  /**
   * Of `running`, the items another Greenlight process holds by lease (or a stopped one held,
   * until its lease runs out): this process is not scanning them. Absent when there are none.
   */
  elsewhere: z.number().int().optional(),
})
export type Progress = z.infer<typeof progressSchema>

/** Nothing counted yet: an empty queue, and what counting starts from. */
export const EMPTY_PROGRESS: Readonly<Progress> = {
  total: 0,
  queued: 0,
  running: 0,
  done: 0,
  failed: 0,
  cancelled: 0,
  blocked: 0,
  review: 0,
}
