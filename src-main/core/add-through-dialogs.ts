import { commandLabel } from '../../src-shared/commands'
import type { EngineChoice, Scene } from '../../src-shared/domain'
import type { AddOutcome } from '../../src-shared/ipc'
import { ok, type Result } from '../../src-shared/result'
import type { AppCore } from './app-core'
import { needsConfirmation, type AddPlan } from './cost/plan-add'
import type { FileFilter } from './host/host-ports'
import type { Enqueued } from './scan/enqueue-inputs'

/** What Green and the local engine take; the dialog shows these first. */
export const IMAGE_FILTERS: readonly FileFilter[] = [
  { name: 'Images', extensions: ['jpg', 'jpeg', 'png', 'bmp', 'gif', 'webp'] },
]

/** A dialog's title is the command's label, without the ellipsis the menu shows. */
async function dialogTitle(core: AppCore, command: 'add-files' | 'add-folder' | 'watch-folder') {
  const { language } = await core.store.settings.get()
  return commandLabel(command, language).replace(/…$/, '')
}

/** Queues a plan now, or holds it for the user's yes when Green would bill above the threshold. */
export async function queueOrHold(core: AppCore, plan: AddPlan): Promise<AddOutcome> {
  const { costPromptUnits } = await core.store.settings.get()
  if (needsConfirmation(plan.estimate, costPromptUnits)) {
    return {
      kind: 'confirm',
      planId: core.pendingAdds.hold(plan),
      estimate: plan.estimate,
      linksOutside: plan.linksOutside,
    }
  }
  return queuePlan(core, plan)
}

export async function queuePlan(core: AppCore, plan: AddPlan): Promise<AddOutcome> {
  const enqueued = await core.addPlanned(plan)
  return {
    kind: 'added',
    ...addCounts(enqueued),
    estimate: plan.estimate,
    linksOutside: plan.linksOutside,
  }
}

/**
 * How an add is told: what it queued, and what was already in the queue or judged and is reused
 * rather than added twice (docs/architecture.md §4, "Keeping the queue clean").
 */
export function addCounts(enqueued: Enqueued): {
  added: number
  reused: number
  itemIds: number[]
} {
  const { queued, waiting, failed, reused } = enqueued
  const itemIds = [...queued, ...failed.map((i) => i.id), ...reused.map((i) => i.id)]
  const already = waiting.length + reused.length
  return { added: itemIds.length - already, reused: already, itemIds }
}

/** Inputs the user gave (typed, or chosen in main's dialog): priced, then queued or held. */
export async function addInputsPriced(
  core: AppCore,
  inputs: readonly string[],
  engine?: EngineChoice,
  scenes?: readonly Scene[],
): Promise<AddOutcome> {
  if (inputs.length === 0) return { kind: 'cancelled' }
  return queueOrHold(
    core,
    await core.planInputs(inputs, { ...(engine ? { engine } : {}), ...(scenes ? { scenes } : {}) }),
  )
}

/** Add Files…: main's own dialog, so the chosen paths never pass through the renderer. */
export async function addFilesFromDialog(core: AppCore): Promise<AddOutcome> {
  const paths = await core.ports.dialogs.openFiles({
    title: await dialogTitle(core, 'add-files'),
    filters: IMAGE_FILTERS,
  })
  return addInputsPriced(core, paths)
}

export async function addFolderFromDialog(core: AppCore): Promise<AddOutcome> {
  const paths = await core.ports.dialogs.openFolders({
    title: await dialogTitle(core, 'add-folder'),
  })
  return addInputsPriced(core, paths)
}

/** Watch Folder…: each chosen folder is watched (and its photos already there scanned). */
export async function watchFolderFromDialog(core: AppCore): Promise<string[]> {
  return core.ports.dialogs.openFolders({ title: await dialogTitle(core, 'watch-folder') })
}

/**
 * Watching a folder scans the photos already in it, so a Green watch is priced like any add: at
 * or above the threshold it is held, unwatched, until the user's yes (confirmPlan).
 */
export async function holdCostlyWatch(
  core: AppCore,
  folders: readonly string[],
): Promise<Extract<AddOutcome, { kind: 'confirm' }> | null> {
  const plan = await core.planInputs(folders)
  const { costPromptUnits } = await core.store.settings.get()
  if (!needsConfirmation(plan.estimate, costPromptUnits)) return null
  return {
    kind: 'confirm',
    planId: core.pendingAdds.hold({ ...plan, watchFolders: folders }),
    estimate: plan.estimate,
    linksOutside: plan.linksOutside,
  }
}

/** The user said yes: exactly what was priced is queued, or its folders start being watched. */
export async function confirmPlan(core: AppCore, plan: AddPlan): Promise<Result<AddOutcome>> {
  if (plan.watchFolders === undefined) return ok(await queuePlan(core, plan))
  for (const path of plan.watchFolders) {
    const watched = await core.watch.addFolder(path, { enabled: true })
    if (!watched.ok) return watched
  }
  // The watcher queues the photos already there; the list arrives as watch:changed.
  return ok({
    kind: 'added',
    added: plan.sources.length,
    reused: 0,
    itemIds: [],
    estimate: plan.estimate,
    linksOutside: plan.linksOutside,
  })
}
