import { z } from 'zod'
import { COMMAND_IDS } from '../commands/commands'
import type {
  EVENT_CHANNEL_NAMES as EVENT_NAMES,
  INVOKE_CHANNEL_NAMES as INVOKE_NAMES,
} from './channel-names'
import { engineChoiceSchema, engineIdSchema } from '../domain/engine'
import { costEstimateSchema } from '../domain/cost-estimate'
import { decisionRequestSchema, pendingDecisionSchema } from '../domain/decision'
import { feedbackSuggestionSchema } from '../domain/feedback'
import { itemFacetsSchema } from '../domain/item-facets'
import {
  appErrorSchema,
  itemFilterSchema,
  itemSchema,
  itemSortSchema,
  progressSchema,
} from '../domain/item'
import { sceneSchema, suggestionSchema } from '../domain/scene'
import { regionSchema, settingsPatchSchema, settingsSchema } from '../domain/settings'

/**
 * The whole IPC surface in one place (docs/architecture.md §3). Main registers handlers only from
 * `invokeChannels`, the preload builds its allowlist from the same keys, and the renderer's client
 * is typed from it. Requests are parsed in main; responses are typed here so a test can prove
 * what each channel can carry (no secret ever goes to the renderer).
 */

const noPayload = z.undefined()

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host runs AppCore: the desktop app, the command line, or the test harness. */
  host: z.enum(['electron', 'cli', 'harness']),
  platform: z.string(),
  /** The engine a scan would use now, after resolving `auto` against the credentials. */
  defaultEngine: engineIdSchema,
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const itemsPageSchema = z.object({
  items: z.array(itemSchema),
  total: z.number().int(),
  /** Snapshot revision: deltas with a revision at or below it are already included. */
  revision: z.number().int(),
  /** Rows in this page's range that could not be read and were left out (ids in main's log). */
  skipped: z.number().int().optional(),
})
export type ItemsPage = z.infer<typeof itemsPageSchema>

/**
 * What the renderer may know about credentials: never the secret or the STS token
 * (contract.test.ts proves no response or event schema can carry them).
 */
export const credentialsStatusSchema = z.object({
  configured: z.boolean(),
  accessKeyIdMasked: z.string().nullable(),
  source: z.enum(['keychain', 'env', 'none']),
  region: regionSchema.nullable(),
  endpoint: z.string().nullable(),
  profile: z.string().nullable(),
})
export type CredentialsStatus = z.infer<typeof credentialsStatusSchema>

export const profileSummarySchema = z.object({
  name: z.string(),
  region: regionSchema,
  endpoint: z.string().nullable(),
  accessKeyIdMasked: z.string(),
  active: z.boolean(),
  /** False when the keychain entry has gone missing; null when the keychain could not be read. */
  inKeychain: z.boolean().nullable(),
})
export type ProfileSummary = z.infer<typeof profileSummarySchema>

export const connectionTestResultSchema = z.object({
  outcome: z.enum(['ok', 'wrong-key', 'no-permission', 'network', 'not-green', 'not-configured']),
  message: z.string(),
  requestId: z.string().nullable(),
})
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>

/**
 * The scan queue as the UI sees it. `paused` with an error means the queue stopped itself (a
 * wrong key, a missing permission): the user fixes the cause and resumes. No secrets here.
 */
export const queueStatusSchema = z.object({
  state: z.enum(['idle', 'running', 'paused']),
  error: appErrorSchema.nullable(),
  /** Engine requests in flight now. */
  inFlight: z.number().int(),
  /** Engines kept open (the local model stays loaded while there is work). */
  engines: z.array(engineIdSchema),
})
export type QueueStatus = z.infer<typeof queueStatusSchema>

/** A watched folder as the UI shows it: its settings and how its watcher is doing right now. */
export const watchedFolderSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  enabled: z.boolean(),
  recursive: z.boolean(),
  /** `disabled` when switched off; `error` with the reason when the folder is gone or unreadable. */
  state: z.enum(['disabled', 'starting', 'watching', 'error', 'stopped']),
  /** True after the fallback from native events to polling (inotify limit). */
  polling: z.boolean(),
  error: appErrorSchema.nullable(),
})
export type WatchedFolder = z.infer<typeof watchedFolderSchema>

/** What happened to one item a reviewer corrected (FeedbackService). */
export const feedbackOutcomeSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  engine: engineIdSchema,
  /** The item's suggestion before and after the correction. */
  before: suggestionSchema.nullable(),
  after: suggestionSchema.nullable(),
  scenes: z.array(sceneSchema),
  /** Of `scenes`, those Green's feedback API accepted; the rest are kept by Greenlight only. */
  sentToGreen: z.array(sceneSchema),
  keptLocally: z.array(sceneSchema),
  /** Why scenes of a Green verdict stayed local (Green's feedback takes porn, terrorism, ad). */
  localReason: z.string().nullable(),
  /** Set when this image's correction failed; nothing about it was changed. */
  error: appErrorSchema.nullable(),
})
export type FeedbackOutcome = z.infer<typeof feedbackOutcomeSchema>

export const feedbackReportSchema = z.object({
  outcomes: z.array(feedbackOutcomeSchema),
  /** ImageScanFeedback calls Green accepted. */
  greenRequests: z.number().int(),
})
export type FeedbackReport = z.infer<typeof feedbackReportSchema>

const profileNameSchema = z.string().min(1).max(64)

/**
 * An export from the app: what to write and of which items, never where. The path comes from
 * main's own Save dialog and stays in main; the renderer gets an opaque id to reveal it.
 */
export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  /** The queue's current filter. */
  z.object({ kind: z.literal('filter'), filter: itemFilterSchema }).strict(),
  /** The selected items' images (each one's latest item, or its whole history). */
  z
    .object({
      kind: z.literal('selection'),
      itemIds: z.array(z.number().int().positive()).min(1).max(10_000),
    })
    .strict(),
])
export type ExportScope = z.infer<typeof exportScopeSchema>

export const exportRunRequestSchema = z
  .object({
    format: z.enum(['csv', 'json']),
    /** CSV: one row per image (`wide`), or one per image and scene (`long`). */
    layout: z.enum(['wide', 'long']).default('wide'),
    scope: exportScopeSchema,
    /** Every item with a `current` column, instead of each image's latest item. */
    history: z.boolean().default(false),
  })
  .strict()
export type ExportRunRequest = z.input<typeof exportRunRequestSchema>

const exportIdSchema = z.string().min(1).max(64)

export const exportRunResultSchema = z.discriminatedUnion('status', [
  /** The user closed the Save dialog: nothing was written. */
  z.object({ status: z.literal('cancelled') }),
  z.object({
    status: z.literal('done'),
    /** Reveals the file through export:show-in-folder; the path itself stays in main. */
    exportId: exportIdSchema,
    /** The file's name only, for the notice. */
    fileName: z.string(),
    items: z.number().int(),
    rows: z.number().int(),
  }),
])
export type ExportRunResult = z.infer<typeof exportRunResultSchema>

export const exportProgressSchema = z.object({
  exportId: exportIdSchema,
  /** Items written so far. */
  items: z.number().int(),
})
export type ExportProgress = z.infer<typeof exportProgressSchema>
/** A priced add held in main until the user says yes (scan:confirm-add) or no. */
const addConfirmSchema = z.object({
  kind: z.literal('confirm'),
  planId: z.string(),
  estimate: costEstimateSchema,
  linksOutside: z.number().int(),
})

/** What an add did: nothing (dialog cancelled), queued, or priced and waiting for a yes. */
export const addOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancelled') }),
  z.object({
    kind: z.literal('added'),
    /** Items queued by this add: new ones, and failed or cancelled ones queued again in place. */
    added: z.number().int(),
    /**
     * Inputs already in the queue or judged, unchanged, with the same settings: their items are
     * reused, not added twice ("12 already in the queue").
     */
    reused: z.number().int(),
    itemIds: z.array(z.number().int()),
    estimate: costEstimateSchema,
    /** Links in the added folders that led outside them, skipped (settings.followSymlinks). */
    linksOutside: z.number().int(),
  }),
  addConfirmSchema,
])
export type AddOutcome = z.infer<typeof addOutcomeSchema>

/** What a removal did, and what it left in place and why (items:remove, items:clear-finished). */
export const removalSchema = z.object({
  removed: z.number().int(),
  /** Left in place: being scanned right now. */
  running: z.number().int(),
  /** Left in place: a decision in its grace period covers them (sent with it, then removable). */
  deciding: z.number().int(),
})
export type RemovalOutcome = z.infer<typeof removalSchema>

/** What a retry queued, and the failures it left because a retry cannot fix them, by why. */
export const retryOutcomeSchema = z.object({
  status: queueStatusSchema,
  queued: z.number().int(),
  kept: z.array(
    z.object({
      code: appErrorSchema.shape.code,
      reason: z.string().nullable(),
      count: z.number().int(),
    }),
  ),
})
export type RetryOutcome = z.infer<typeof retryOutcomeSchema>

/** Decisions still in their grace period (decisions:list-pending and decisions:changed). */
const pendingDecisionsSchema = z.object({ pending: z.array(pendingDecisionSchema) })

export const invokeChannels = {
  'app:get-info': { request: noPayload, response: appInfoSchema },
  'settings:get': { request: noPayload, response: settingsSchema },
  'settings:set': { request: settingsPatchSchema, response: settingsSchema },
  'items:list': {
    request: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        filter: itemFilterSchema.default({}),
        sort: itemSortSchema.default('newest'),
      })
      .strict(),
    response: itemsPageSchema,
  },
  'items:ids': {
    request: z
      .object({ filter: itemFilterSchema.default({}), sort: itemSortSchema.default('newest') })
      .strict(),
    response: z.object({ ids: z.array(z.number().int()), revision: z.number().int() }),
  },
  'items:facets': {
    request: z.object({ filter: itemFilterSchema.default({}) }).strict(),
    response: itemFacetsSchema.extend({ revision: z.number().int() }),
  },
  'scan:add-paths': {
    request: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
        engine: engineChoiceSchema.optional(),
        scenes: z.array(sceneSchema).min(1).optional(),
      })
      .strict(),
    response: z.object({
      added: z.number().int(),
      /** Inputs already in the queue or judged, unchanged: their items are reused. */
      reused: z.number().int(),
      itemIds: z.array(z.number().int()),
      /** Links in the added folders that led outside them: skipped (settings.followSymlinks). */
      linksOutside: z.number().int(),
    }),
  },
  'progress:get': { request: noPayload, response: progressSchema },
  'queue:get': { request: noPayload, response: queueStatusSchema },
  /** Stops taking new batches; requests in flight finish. */
  'scan:pause': { request: noPayload, response: queueStatusSchema },
  'scan:resume': { request: noPayload, response: queueStatusSchema },
  /** Queued items become cancelled; requests in flight are aborted. */
  'scan:cancel': { request: noPayload, response: queueStatusSchema },
  /**
   * Failed items (all, or the ones named: an item's own Retry) go back to the queue with their
   * error cleared, if a retry can fix them; the others stay failed and are counted by why.
   */
  'scan:retry-failed': {
    request: z
      .object({ itemIds: z.array(z.number().int().positive()).min(1).max(100_000).optional() })
      .strict()
      .optional(),
    response: retryOutcomeSchema,
  },
  /** Cancelled items go back to the queue, to be scanned after all. */
  'scan:requeue-cancelled': { request: noPayload, response: queueStatusSchema },
  'watch:list': { request: noPayload, response: z.array(watchedFolderSchema) },
  /** Adds a folder (its photos already there are scanned) and starts watching it. */
  'watch:add': {
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: z.array(watchedFolderSchema),
  },
  'watch:remove': {
    request: z.object({ id: z.number().int() }).strict(),
    response: z.array(watchedFolderSchema),
  },
  'watch:set-enabled': {
    request: z.object({ id: z.number().int(), enabled: z.boolean() }).strict(),
    response: z.array(watchedFolderSchema),
  },
  'credentials:status': { request: noPayload, response: credentialsStatusSchema },
  /** Write-only: the secret goes in and never comes back out. */
  'credentials:set': {
    request: z
      .object({
        profile: profileNameSchema.optional(),
        accessKeyId: z.string().min(1).max(128),
        accessKeySecret: z.string().min(1).max(256),
        securityToken: z.string().min(1).max(8192).optional(),
        region: regionSchema.optional(),
        endpoint: z.string().max(2048).nullable().optional(),
      })
      .strict(),
    response: credentialsStatusSchema,
  },
  'credentials:test': { request: noPayload, response: connectionTestResultSchema },
  'credentials:delete': {
    request: z.object({ profile: profileNameSchema.optional() }).strict().optional(),
    response: credentialsStatusSchema,
  },
  'credentials:list': { request: noPayload, response: z.array(profileSummarySchema) },
  /**
   * A reviewer's correction of the selected items (by id only: the renderer names no paths).
   * Green verdicts are reported to Green; every correction is kept per image, so each item
   * showing the image, and every later scan of it, carries it. Results arrive as items:changed.
   */
  'feedback:submit': {
    // The same request as a decision's (decisions:make), sent at once with no grace period.
    request: decisionRequestSchema,
    response: feedbackReportSchema,
  },
  /** Asks main's Save dialog for a file, then writes the export there (streamed, atomic). */
  'export:run': { request: exportRunRequestSchema, response: exportRunResultSchema },
  /** Stops a running export; nothing is written. False when it had already finished. */
  'export:cancel': {
    request: z.object({ exportId: exportIdSchema }).strict(),
    response: z.boolean(),
  },
  /** Reveals a finished export in the file manager, by its id (the renderer names no path). */
  'export:show-in-folder': {
    request: z.object({ exportId: exportIdSchema }).strict(),
    response: z.null(),
  },
  // Adds through main's own dialogs, priced before anything is stored (cost/plan-add.ts): the
  // renderer names no path, and a Green batch above settings.costPromptUnits waits for a yes.
  'scan:add-files': { request: noPayload, response: addOutcomeSchema },
  'scan:add-folder': { request: noPayload, response: addOutcomeSchema },
  /**
   * Typed, pasted or dropped inputs, priced the same way. An add too large for one message sends
   * its first chunks with scan:stage-paths and names their `stageId` here, with the last chunk.
   */
  'scan:plan-paths': {
    request: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
        stageId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    response: addOutcomeSchema,
  },
  /** Holds the first chunks of a large add in main until scan:plan-paths names them. */
  'scan:stage-paths': {
    request: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
        stageId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    response: z.object({ stageId: z.string() }),
  },
  /** The user said yes to a priced add: exactly what was priced is queued. */
  'scan:confirm-add': {
    request: z.object({ planId: z.string().min(1).max(64) }).strict(),
    response: addOutcomeSchema,
  },
  'scan:discard-add': {
    request: z.object({ planId: z.string().min(1).max(64) }).strict(),
    response: z.object({ discarded: z.boolean() }),
  },
  /** Picks a folder in main's dialog and watches it; cancel changes nothing. */
  'watch:add-folder': {
    request: noPayload,
    response: z.object({
      cancelled: z.boolean(),
      folders: z.array(watchedFolderSchema),
      /**
       * Set when watching would send the folder's photos to Green above the cost threshold: the
       * folder is not watched until scan:confirm-add says yes to this plan.
       */
      confirm: addConfirmSchema.nullable(),
    }),
  },
  /** Region and endpoint alone, whatever the key's source (an env key, no keychain). */
  'credentials:set-target': {
    request: z.object({ region: regionSchema, endpoint: z.string().max(2048).nullable() }).strict(),
    response: credentialsStatusSchema,
  },
  /** Reveals an item's file in the file manager, by its id: an error's "Show in folder" action. */
  'items:show-in-folder': {
    request: z.object({ itemId: z.number().int() }).strict(),
    response: z.null(),
  },
  /**
   * A reviewer's decision (docs/architecture.md §4, "Decisions and the outbox"): applied to the
   * items at once (items:changed), sent to Green after settings.feedbackGraceSeconds unless undone.
   * Without scenes, each image's flagged scenes; Block on an image with nothing flagged is a
   * VALIDATION error with reason `choose-scene` (the host asks which scene).
   */
  'decisions:make': {
    request: decisionRequestSchema,
    response: z.object({
      decisionId: z.number().int(),
      /** Items the decision covers. */
      count: z.number().int(),
      /** Every scene it changes, over all its images. */
      scenes: z.array(sceneSchema),
      /** Epoch ms its grace period ends. */
      dueAt: z.number().int(),
    }),
  },
  /** What decisions:changed last said, for a page that (re)loads mid-grace. */
  'decisions:list-pending': { request: noPayload, response: pendingDecisionsSchema },
  /**
   * Takes items out of the queue and the database, never off the disk: the ones named, or every
   * one the list's filter matches. Items being scanned, or covered by a decision in its grace
   * period, stay and are counted. Removed ids go out as items:changed `removed`.
   */
  'items:remove': {
    request: z.union([
      z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
      z.object({ filter: itemFilterSchema }).strict(),
    ]),
    response: removalSchema,
  },
  /** Removes every done, failed and cancelled item (the same rules as items:remove). */
  'items:clear-finished': { request: noPayload, response: removalSchema },
  /**
   * Undoes a decision (the newest one when no id is given): the items get back what they showed
   * before. A decision already sent cannot be taken back at Green: a VALIDATION error with reason
   * `decision-sent` says so.
   */
  'decisions:undo': {
    request: z.object({ decisionId: z.number().int().positive().optional() }).strict().optional(),
    response: z.object({
      decisionId: z.number().int(),
      count: z.number().int(),
      suggestion: feedbackSuggestionSchema,
      scenes: z.array(sceneSchema),
    }),
  },
} as const

export type InvokeChannel = keyof typeof invokeChannels
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>
export type InvokeParsedRequest<C extends InvokeChannel> = z.output<
  (typeof invokeChannels)[C]['request']
>
export type InvokeResponse<C extends InvokeChannel> = z.output<
  (typeof invokeChannels)[C]['response']
>

export const eventChannels = {
  /** Deltas, coalesced: at most ~10 a second, never one message per item tick. */
  'items:changed': z.object({
    revision: z.number().int(),
    upserted: z.array(itemSchema),
    removed: z.array(z.number().int()),
  }),
  'progress:changed': progressSchema,
  /** Sent when the queue's state, error or engines change; not per item. */
  'queue:changed': queueStatusSchema,
  /** Sent when a watched folder is added, removed, switched, or its watcher's state changes. */
  'watch:changed': z.array(watchedFolderSchema),
  /** A command chosen outside the page (the application menu, the tray): the renderer runs it. */
  'command:run-requested': z.object({ command: z.enum(COMMAND_IDS) }),
  /** A running export's count, when it takes more than a moment; a few a second at most. */
  'export:progress-changed': exportProgressSchema,
  /** Main asks the page to select one item (a click on its "blocked" notification). */
  'items:focus-requested': z.object({ itemId: z.number().int() }),
  /** The saved settings, after any process sharing the data folder changed them. */
  'settings:changed': settingsSchema,
  /** The account as this host sees it, after any process changed a profile or a stored key. */
  'credentials:changed': credentialsStatusSchema,
  /** The decisions still in their grace period, with the time left: the undo toast's list. */
  'decisions:changed': pendingDecisionsSchema,
} as const

export type EventChannel = keyof typeof eventChannels
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]>

export { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from './channel-names'

// Compile-time proof that channel-names.ts lists exactly the channels declared here (exported
// only so the compiler checks it; nothing imports it).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
/** @public */
export type ChannelNamesMatch = [
  Assert<Same<InvokeChannel, (typeof INVOKE_NAMES)[number]>>,
  Assert<Same<EventChannel, (typeof EVENT_NAMES)[number]>>,
]

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name)
}
