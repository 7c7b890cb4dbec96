import { appError, err, ok, type Result } from '../../src-shared/result'
import type { InvokeChannel, InvokeParsedRequest, InvokeResponse } from '../../src-shared/ipc'
import type { AppCore } from './app-core'
import {
  addFilesFromDialog,
  addFolderFromDialog,
  addCounts,
  addInputsPriced,
  confirmPlan,
  holdCostlyWatch,
  watchFolderFromDialog,
} from './add-through-dialogs'
import { testConnection } from './credentials/connection-test'
import { FINISHED } from './scan/remove-items'
import { retryFailed } from './scan/retry-failed'
import { showItemInFolder } from './show-item-in-folder'
import type { Removal } from './store/ports/item-removal'
import { watchedFolders } from './watch/watched-folders'
import { APP_NAME, APP_VERSION } from './version'

export type ApiHandler<C extends InvokeChannel> = (
  request: InvokeParsedRequest<C>,
) => Promise<Result<InvokeResponse<C>>>

export type Api = { [C in InvokeChannel]: ApiHandler<C> }

/**
 * The watch list after a removal or a switch-off, told to every host too: no watcher changes state
 * then, so no watch:changed would follow, and the desktop's tray (kept while a folder is watched)
 * would outlive the last folder.
 */
async function announceWatchList(core: AppCore) {
  const folders = await watchedFolders(core.watch)
  core.events.watchChanged(folders)
  return folders
}

/** A removal as the page hears it: counts, the ids having gone out as items:changed. */
function removalCounts({ removed, running, deciding }: Removal) {
  return { removed: removed.length, running, deciding }
}

/** One function per IPC channel, on top of AppCore. Payloads arrive already validated. */
export function createApi(core: AppCore): Api {
  return {
    'app:get-info': async () => {
      const settings = await core.store.settings.get()
      return ok({
        name: APP_NAME,
        version: APP_VERSION,
        host: core.host,
        platform: process.platform,
        defaultEngine: await core.resolveEngine(settings.engine),
      })
    },
    'settings:get': async () => ok(await core.store.settings.get()),
    'settings:set': async (patch) => {
      const settings = await core.store.settings.set(patch)
      if (patch.followSymlinks !== undefined) await core.watch.followSymlinksChanged()
      return ok(settings)
    },
    'items:list': async ({ offset, limit, filter, sort }) => {
      // Read the revision first: anything that changes during the query arrives as a later delta.
      const revision = core.events.currentRevision
      const page = await core.store.items.list(offset, limit, filter, sort)
      return ok({ ...page, revision })
    },
    'items:ids': async ({ filter, sort }) => {
      const revision = core.events.currentRevision
      return ok({ ids: await core.store.items.ids(filter, sort), revision })
    },
    'items:facets': async ({ filter }) => {
      const revision = core.events.currentRevision
      return ok({ ...(await core.store.items.facets(filter)), revision })
    },
    'scan:add-paths': async ({ paths, engine, scenes }) => {
      const enqueued = await core.addInputs(paths, engine, scenes)
      return ok({ ...addCounts(enqueued), linksOutside: enqueued.linksOutside })
    },
    'progress:get': async () => ok(await core.store.items.progress()),
    'queue:get': () => Promise.resolve(ok(core.scan.status())),
    'scan:pause': () => Promise.resolve(ok(core.scan.pause())),
    'scan:resume': () => Promise.resolve(ok(core.scan.resume())),
    'scan:cancel': async () => ok(await core.scan.cancel()),
    'scan:retry-failed': async (request) => {
      const report = await retryFailed(
        { items: core.store.items, scan: core.scan },
        request?.itemIds,
      )
      return ok({ queued: report.queued, kept: [...report.kept], status: core.scan.status() })
    },
    'scan:requeue-cancelled': async () => ok(await core.scan.requeueCancelled()),
    'watch:list': async () => ok(await watchedFolders(core.watch)),
    'watch:add': async ({ path }) => {
      const added = await core.watch.addFolder(path, { enabled: true })
      if (!added.ok) return added
      return ok(await watchedFolders(core.watch))
    },
    'watch:remove': async ({ id }) => {
      await core.watch.removeFolder(id)
      return ok(await announceWatchList(core))
    },
    'watch:set-enabled': async ({ id, enabled }) => {
      const folder = (await core.watch.folders()).find((f) => f.id === id)
      if (!folder)
        return err(
          appError('NOT_FOUND', 'That folder is no longer on the watch list.', false, {
            reason: 'watch-folder',
          }),
        )
      const updated = await core.watch.addFolder(folder.path, { enabled })
      if (!updated.ok) return updated
      return ok(await announceWatchList(core))
    },
    'credentials:status': async () => ok(await core.credentials.status()),
    'credentials:set': (input) => core.credentials.set(input),
    'credentials:delete': (input) => core.credentials.delete(input?.profile),
    'credentials:list': () => core.credentials.list(),
    'credentials:test': async () => {
      const resolved = await core.credentials.resolve()
      if (!resolved.ok) return err(resolved.error)
      if (resolved.value === null) {
        return ok({
          outcome: 'not-configured' as const,
          message:
            'No AccessKey is configured: add one, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.',
          requestId: null,
        })
      }
      const tested = await testConnection(resolved.value)
      // The page words the outcome; Green's own text (signature debug included) is kept here.
      core.log.info('connection test', { outcome: tested.outcome, detail: tested.message })
      return ok(tested)
    },
    'feedback:submit': (request) => core.feedback.submit(request),
    'export:run': (request) => core.exports.run(request),
    'export:cancel': ({ exportId }) => Promise.resolve(ok(core.exports.cancel(exportId))),
    'export:show-in-folder': ({ exportId }) => core.exports.showInFolder(exportId),
    'scan:add-files': async () => ok(await addFilesFromDialog(core)),
    'scan:add-folder': async () => ok(await addFolderFromDialog(core)),
    'scan:plan-paths': async ({ paths, stageId }) => {
      const staged = stageId === undefined ? [] : core.stagedInputs.take(stageId)
      if (staged === null) {
        return err(
          appError(
            'NOT_FOUND',
            'Part of this add was lost or has expired: add the images again.',
            false,
            { reason: 'add-expired' },
          ),
        )
      }
      return ok(await addInputsPriced(core, [...staged, ...paths]))
    },
    'scan:stage-paths': ({ paths, stageId }) => {
      const id = core.stagedInputs.append(stageId, paths)
      return Promise.resolve(
        id === null
          ? err(
              appError(
                'NOT_FOUND',
                'Part of this add was lost, has expired or is too large: add the images again.',
                false,
                { reason: 'add-expired' },
              ),
            )
          : ok({ stageId: id }),
      )
    },
    'scan:confirm-add': async ({ planId }) => {
      const plan = core.pendingAdds.take(planId)
      if (!plan) {
        return err(
          appError(
            'NOT_FOUND',
            'That add was already answered or has expired: add the images again.',
            false,
            { reason: 'add-expired' },
          ),
        )
      }
      return confirmPlan(core, plan)
    },
    'scan:discard-add': ({ planId }) =>
      Promise.resolve(ok({ discarded: core.pendingAdds.take(planId) !== null })),
    'watch:add-folder': async () => {
      const chosen = await watchFolderFromDialog(core)
      const confirm = chosen.length > 0 ? await holdCostlyWatch(core, chosen) : null
      if (confirm !== null) {
        return ok({ cancelled: false, folders: await watchedFolders(core.watch), confirm })
      }
      for (const path of chosen) {
        const added = await core.watch.addFolder(path, { enabled: true })
        if (!added.ok) return added
      }
      return ok({
        cancelled: chosen.length === 0,
        folders: await watchedFolders(core.watch),
        confirm: null,
      })
    },
    'credentials:set-target': (target) => core.credentials.setTarget(target),
    'items:show-in-folder': ({ itemId }) => showItemInFolder(core, itemId),
    'decisions:make': (request) => core.decisions.make(request),
    'decisions:undo': (request) => core.decisions.undo(request?.decisionId),
    'decisions:list-pending': async () => ok({ pending: await core.decisions.pending() }),
    'items:remove': async (request) =>
      ok(
        removalCounts(
          await core.removeItems('filter' in request ? request : { ids: request.itemIds }),
        ),
      ),
    'items:clear-finished': async () =>
      ok(removalCounts(await core.removeItems({ filter: FINISHED }))),
  }
}
