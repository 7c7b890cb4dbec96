import { act, cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/domain/settings'
import type { GreenlightBridge } from '../../../src-shared/ipc'
import { BridgeProvider } from '../../bridge/bridge-context'
import type { Sync } from '../../bridge/sync'
import { runCommand } from '../../commands/command-bus'
import { useAppStore } from '../../stores/app-store'
import { useToggleBlur } from './use-toggle-blur'

function Host() {
  useToggleBlur()
  return null
}

/** A bridge whose settings:set stores the patch and answers with the result, like main. */
function fakeBridge(start: Settings) {
  let saved = start
  const invoke = vi.fn((_channel: string, patch: Partial<Settings>) => {
    saved = { ...saved, ...patch }
    return Promise.resolve({ ok: true as const, value: saved })
  })
  return { bridge: { invoke } as unknown as GreenlightBridge, invoke }
}

afterEach(() => {
  cleanup()
})

describe('View › Blur Risky Images', () => {
  it('turns the veil off, and back on as blur and greyscale', async () => {
    useAppStore.setState({ settings: { ...DEFAULT_SETTINGS, wellbeing: 'blur' } })
    const { bridge, invoke } = fakeBridge({ ...DEFAULT_SETTINGS, wellbeing: 'blur' })
    render(
      <BridgeProvider bridge={bridge} sync={{} as Sync}>
        <Host />
      </BridgeProvider>,
    )
    await act(async () => {
      expect(runCommand('toggle-blur')).toBe(true)
      await Promise.resolve()
    })
    expect(invoke).toHaveBeenLastCalledWith('settings:set', { wellbeing: 'off' })
    expect(useAppStore.getState().settings?.wellbeing).toBe('off')
    await act(async () => {
      runCommand('toggle-blur')
      await Promise.resolve()
    })
    expect(invoke).toHaveBeenLastCalledWith('settings:set', { wellbeing: 'blur-grey' })
    expect(useAppStore.getState().settings?.wellbeing).toBe('blur-grey')
  })
})
