import { useEffect } from 'react'
import { runCommand, useCommand } from '../../commands/command-bus'
import { useBridge } from '../../bridge/bridge-context'
import { ExportDialog } from './export-dialog'
import { ExportNotice } from './export-notice'
import { useExportStore } from './export-store'

/**
 * Export from the app: the `export` command (menu, toolbar, Ctrl/Cmd+E, the Export… button)
 * opens the dialog; a running export's count arrives as events.
 */
export function ExportFeature() {
  const { bridge } = useBridge()
  const open = useExportStore((s) => s.dialogOpen)

  useCommand('export', () => {
    useExportStore.getState().dialogOpened()
  })

  useEffect(() => {
    // In Electron the menu's accelerator catches the key first; a browser (the harness) has no
    // menu. Opening twice is harmless: the dialog is either open or not.
    const onKey = (event: KeyboardEvent) => {
      const modifier = event.ctrlKey || event.metaKey
      if (modifier && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'e') {
        event.preventDefault()
        runCommand('export')
      }
    }
    window.addEventListener('keydown', onKey)
    const off = bridge.on('export:progress-changed', ({ exportId, items }) => {
      useExportStore.getState().progressChanged(exportId, items)
    })
    return () => {
      window.removeEventListener('keydown', onKey)
      off()
    }
  }, [bridge])

  return (
    <>
      {open ? <ExportDialog /> : null}
      <ExportNotice />
    </>
  )
}
