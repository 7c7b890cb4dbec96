import { test as base } from '@playwright/test'
import type { Harness, HarnessOptions } from '../harness/server'
import { keyringUnavailableReason, startTestKeyring } from '../keyring/test-keyring'

type StartHarness = (options?: HarnessOptions) => Promise<Harness>

/**
 * e2e drives the BUILT harness (out/node/harness/server.mjs) and the built renderer, so what is
 * tested is what ships. `npm run build` comes first (the `test` script does it).
 */
async function loadStartHarness(): Promise<StartHarness> {
  const modulePath = new URL('../../out/node/harness/server.mjs', import.meta.url).href
  const loaded = (await import(modulePath)) as { startHarness: StartHarness }
  return loaded.startHarness
}

export const test = base.extend<{ harness: Harness }, { keyring: boolean }>({
  // One private Secret Service per worker: libsecret keeps its first bus connection for the
  // life of the process, so the keyring must outlive every harness in this worker.
  keyring: [
    // Playwright reads fixture dependencies from this destructuring, so it must stay a pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const unavailable = keyringUnavailableReason()
      if (unavailable) {
        if (process.env.CI) throw new Error(`CI must test the real keychain: ${unavailable}`)
        await use(false)
        return
      }
      const keyring = await startTestKeyring()
      Object.assign(process.env, keyring.env)
      await use(true)
      keyring.stop()
    },
    { scope: 'worker' },
  ],
  // Depends on the keyring so it is running (and in process.env) before AppCore loads keytar.
  harness: async ({ keyring: _keyring }, use) => {
    const startHarness = await loadStartHarness()
    // No account in the environment: the app must be useful on first launch with the local engine.
    const env = { ...process.env }
    delete env.ALIBABA_CLOUD_ACCESS_KEY_ID
    delete env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
    const harness = await startHarness({ env })
    await use(harness)
    await harness.close()
  },
})

export { expect } from '@playwright/test'
