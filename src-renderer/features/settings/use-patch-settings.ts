import type { SettingsPatch } from '../../../src-shared/domain/settings'
import { useBridge } from '../../bridge/bridge-context'
import { useAppStore } from '../../stores/app-store'

/**
 * Settings save as they change; main validates and answers with what it stored. Optimistic: the
 * control shows the change at once (a controlled checkbox must not flick back while main
 * answers). Main's stored value replaces it once no later save is in flight (an older reply, or
 * the change feed's echo of it, would undo a newer choice for a moment); on error the changed
 * fields return to what they were.
 */
export function usePatchSettings(): (change: SettingsPatch) => Promise<void> {
  const { bridge } = useBridge()
  return async (change) => {
    const store = useAppStore.getState()
    const before = store.settings
    if (!before) return
    store.settingsChanged({ ...before, ...change })
    store.settingsSaveStarted()
    const result = await bridge.invoke('settings:set', change).finally(() => {
      useAppStore.getState().settingsSaveEnded()
    })
    const now = useAppStore.getState()
    if (result.ok) {
      if (now.settingsSaving === 0) now.settingsChanged(result.value)
      return
    }
    const reverted = Object.fromEntries(
      Object.keys(change).map((key) => [key, before[key as keyof typeof before]]),
    )
    if (now.settings) now.settingsChanged({ ...now.settings, ...reverted })
    now.errorRaised(result.error)
  }
}
