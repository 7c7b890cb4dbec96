import { useEffect } from 'react'
import { useCommand } from '../../commands/command-bus'
import { useBridge } from '../../bridge/bridge-context'
import { ExportDialog } from './export-dialog'
import { ExportNotice } from './export-notice'
import { useExportStore } from './export-store'

/**
 * Export from the app: the `export` command (menu, toolbar, Ctrl/Cmd+E)
 * opens the dialog; a running export's count arrives as events.
 */
export function ExportFeature() {
  const { bridge } = useBridge()
  const open = useExportStore((s) => s.dialogOpen)

  useCommand('export', () => {
    useExportStore.getState().dialogOpened()
  })

  // Ctrl/Cmd+E reaches the command bus like every accelerator: from the application menu in
  // Electron, from the page's own key handling elsewhere (toolbar/use-desktop-commands.ts).
  useEffect(() => {
    const off = bridge.on('export:progress-changed', ({ exportId, items }) => {
      useExportStore.getState().progressChanged(exportId, items)
    })
    return off
  }, [bridge])

  return (
    <>
      {open ? <ExportDialog /> : null}
      <ExportNotice />
    </>
  )
}
