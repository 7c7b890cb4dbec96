import { useCallback } from 'react'
import { AddBar } from './features/add/add-bar'
import { CostConfirm } from './features/add/cost-confirm'
import { UndoToast } from './features/decisions/undo-toast'
import { ScenePicker } from './features/decisions/scene-picker'
import { BulkConfirm } from './features/queue/bulk-confirm'
import { useDropToQueue } from './features/add/use-drop-to-queue'
import { ExportFeature } from './features/export/export-feature'
import { FiltersBar } from './features/filters/filters-bar'
import { PreviewPane } from './features/preview/preview-pane'
import { QueueView } from './features/queue/queue-view'
import { SettingsPanel } from './features/settings/settings-panel'
import { useToggleBlur } from './features/settings/use-toggle-blur'
import { ShortcutsSheet } from './features/shortcuts/shortcuts-sheet'
import { HeaderBar } from './features/status/header-bar'
import { StatusBar } from './features/status/status-bar'
import { useWindowTitle } from './features/status/use-window-title'
import { Toolbar } from './features/toolbar/toolbar'
import { useDesktopCommands } from './features/toolbar/use-desktop-commands'
import { useT } from './i18n/use-t'
import { useUiStore } from './stores/ui-store'

export function App() {
  const t = useT()
  const settingsOpen = useUiStore((s) => s.settingsOpen)
  const previewOpen = useUiStore((s) => s.previewOpen)
  const drop = useDropToQueue()
  const closeSettings = useCallback(() => {
    useUiStore.getState().settingsOpened(null)
  }, [])
  useDesktopCommands()
  useToggleBlur()
  useWindowTitle()

  return (
    <div className="app-shell" data-testid="app-shell" {...drop.handlers}>
      <HeaderBar />
      <Toolbar />
      <AddBar />
      <FiltersBar />
      <main className={previewOpen ? 'content with-preview' : 'content'}>
        <QueueView />
        <PreviewPane />
      </main>
      <UndoToast />
      <BulkConfirm />
      <ScenePicker />
      <StatusBar />
      {settingsOpen ? <SettingsPanel section={settingsOpen} onClose={closeSettings} /> : null}
      <ExportFeature />
      <ShortcutsSheet />
      <CostConfirm />
      {drop.dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          {t('drop.overlay')}
        </div>
      ) : null}
    </div>
  )
}
