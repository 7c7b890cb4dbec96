import { ok, type Result } from '../../src-shared/result'
import type { InvokeChannel, InvokeParsedRequest, InvokeResponse } from '../../src-shared/ipc'
import type { AppCore } from './app-core'
import { APP_NAME, APP_VERSION } from './version'

export type ApiHandler<C extends InvokeChannel> = (
  request: InvokeParsedRequest<C>,
) => Promise<Result<InvokeResponse<C>>>

export type Api = { [C in InvokeChannel]: ApiHandler<C> }

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
        defaultEngine: core.resolveEngine(settings.engine),
      })
    },
    'settings:get': async () => ok(await core.store.settings.get()),
    'settings:set': async (patch) => ok(await core.store.settings.set(patch)),
    'items:list': async ({ offset, limit, filter }) => {
      // Read the revision first: anything that changes during the query arrives as a later delta.
      const revision = core.events.currentRevision
      const page = await core.store.items.list(offset, limit, filter)
      return ok({ ...page, revision })
    },
    'scan:add-paths': async ({ paths, engine, scenes }) => {
      const items = await core.addPaths(paths, engine, scenes)
      return ok({ added: items.length, itemIds: items.map((i) => i.id) })
    },
    'progress:get': async () => ok(await core.store.items.progress()),
    'credentials:status': () => Promise.resolve(ok(core.credentialsStatus())),
  }
}
