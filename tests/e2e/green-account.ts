import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import type { Harness } from '../harness/server'
import { expect } from './harness-fixture'

/**
 * Runs `body` with the harness signed in to a fresh Green emulator (the account in the test
 * keyring), then signs out and stops the emulator, whatever happened.
 */
export async function withGreenAccount(
  harness: Harness,
  body: (emulator: RunningEmulator) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ qps: 0 })
  try {
    const saved = await harness.core.credentials.set({
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      endpoint: emulator.endpoint,
    })
    expect(saved.ok).toBe(true)
    await body(emulator)
  } finally {
    await harness.core.credentials.delete()
    await emulator.close()
  }
}
