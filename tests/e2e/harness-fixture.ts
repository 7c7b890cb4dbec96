import { test as base } from '@playwright/test'
import type { Harness, HarnessOptions } from '../harness/server'
import { keyringUnavailableReason, startTestKeyring } from '../keyring/test-keyring'

type StartHarness = (options?: HarnessOptions) => Promise<Harness>

/**
 * Harnesses a test starts itself, with its own environment (an emulator's key), and restarts on
 * the same data folder, as the app is quit and opened again. Every one still open is closed after
 * the test.
 */
export interface Harnesses {
  start(options?: HarnessOptions): Promise<Harness>
  /** Closes `harness` (if it is still open) and opens a new one on its data folder, same options. */
  restart(harness: Harness): Promise<Harness>
  /** Closes `harness`, once, however often asked: the app is down until `restart`. */
  stop(harness: Harness): Promise<void>
}

/**
 * e2e drives the BUILT harness (out/node/harness/server.mjs) and the built renderer, so what is
 * tested is what ships. `npm run build` comes first (the `test` script does it).
 */
async function loadStartHarness(): Promise<StartHarness> {
  const modulePath = new URL('../../out/node/harness/server.mjs', import.meta.url).href
  const loaded = (await import(modulePath)) as { startHarness: StartHarness }
  return loaded.startHarness
}

export const test = base.extend<{ harness: Harness; harnesses: Harnesses }, { keyring: boolean }>({
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
  harnesses: async ({ keyring: _keyring }, use) => {
    const startHarness = await loadStartHarness()
    const open = new Map<Harness, { options: HarnessOptions; closing: Promise<void> | null }>()
    const stop = async (harness: Harness) => {
      const entry = open.get(harness)
      if (!entry) return
      entry.closing ??= harness.close()
      await entry.closing
    }
    const start = async (options: HarnessOptions = {}) => {
      const env = { ...process.env, ...options.env }
      if (!options.env?.ALIBABA_CLOUD_ACCESS_KEY_ID) {
        delete env.ALIBABA_CLOUD_ACCESS_KEY_ID
        delete env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
      }
      const harness = await startHarness({ ...options, env })
      open.set(harness, { options, closing: null })
      return harness
    }
    await use({
      start,
      stop,
      restart: async (harness) => {
        await stop(harness)
        const options = open.get(harness)?.options ?? {}
        return start({ ...options, dataDir: harness.dataDir })
      },
    })
    for (const harness of open.keys()) await stop(harness)
  },
})

export { expect } from '@playwright/test'
