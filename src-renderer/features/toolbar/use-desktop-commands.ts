import { useEffect } from 'react'
import type { AddOutcome } from '../../../src-shared/ipc'
import type { Result } from '../../../src-shared/result'
import { useBridge } from '../../bridge/bridge-context'
import { runCommand, useCommand } from '../../commands/command-bus'
import { isTyping } from '../../commands/is-typing'
import { useAppStore } from '../../stores/app-store'
import { useQueueStore } from '../../stores/queue-store'
import { useUiStore } from '../../stores/ui-store'
import { useWatchStore } from '../../stores/watch-store'
import { showAddOutcome } from '../add/show-add-outcome'
import { commandForKey } from './command-keys'

/**
 * What the toolbar's and the menu's commands do in this window: adds through main's dialogs
 * (the page never names a path), settings, pause or resume, the shortcut sheet; and the keys
 * that run them. In Electron the application menu owns the accelerators, so the page leaves
 * them alone there and a key never runs a command twice.
 */
export function useDesktopCommands(): void {
  const { bridge } = useBridge()
  const host = useAppStore((s) => s.info?.host)

  const added = (result: Result<AddOutcome>) => {
    if (result.ok) showAddOutcome(result.value)
    else useAppStore.getState().errorRaised(result.error)
  }
  useCommand('add-files', () => {
    void bridge.invoke('scan:add-files').then(added)
  })
  useCommand('add-folder', () => {
    void bridge.invoke('scan:add-folder').then(added)
  })
  useCommand('watch-folder', () => {
    void bridge.invoke('watch:add-folder').then((result) => {
      if (!result.ok) useAppStore.getState().errorRaised(result.error)
      else if (result.value.confirm) showAddOutcome(result.value.confirm)
      else if (!result.value.cancelled) useWatchStore.getState().watchChanged(result.value.folders)
    })
  })
  useCommand('settings', () => {
    useUiStore.getState().settingsOpened('general')
  })
  useCommand('undo', () => {
    // The newest decision still held; main says so if it was already sent.
    void bridge.invoke('decisions:undo').then((result) => {
      if (!result.ok) useAppStore.getState().errorRaised(result.error)
      else {
        useUiStore
          .getState()
          .noticeShown({ key: 'decision.undone', values: { count: result.value.count } })
      }
    })
  })
  useCommand('shortcuts', () => {
    useUiStore.getState().shortcutsToggled(true)
  })
  useCommand('pause-resume', () => {
    const paused = useQueueStore.getState().status?.state === 'paused'
    void bridge.invoke(paused ? 'scan:resume' : 'scan:pause').then((result) => {
      if (result.ok) useQueueStore.getState().queueChanged(result.value)
      else useAppStore.getState().errorRaised(result.error)
    })
  })

  useEffect(() => {
    if (host === undefined) return
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return
      const id = commandForKey(event, {
        typing: isTyping(event.target, event.key),
        withAccelerators: host !== 'electron',
      })
      if (id !== null && runCommand(id)) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [host])
}
