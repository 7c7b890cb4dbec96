import { commandLabel } from '../../src-shared/commands'
import type { EngineChoice, Scene } from '../../src-shared/domain'
import type { AddOutcome } from '../../src-shared/ipc'
import type { AppCore } from './app-core'
import { needsConfirmation, type AddPlan } from './cost/plan-add'
import type { FileFilter } from './host/host-ports'

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
  const { queued, failed, reused } = await core.addPlanned(plan)
  const itemIds = [...queued, ...failed.map((i) => i.id), ...reused.map((i) => i.id)]
  return {
    kind: 'added',
    added: itemIds.length,
    itemIds,
    estimate: plan.estimate,
    linksOutside: plan.linksOutside,
  }
}

/** Inputs the user gave (typed, or chosen in main's dialog): priced, then queued or held. */
export async function addInputsPriced(
  core: AppCore,
  inputs: readonly string[],
  engine?: EngineChoice,
  scenes?: readonly Scene[],
): Promise<AddOutcome> {
  if (inputs.length === 0) return { kind: 'cancelled' }
  return queueOrHold(core, await core.planInputs(inputs, engine, scenes))
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
