import { useCallback, useEffect, useState } from 'react'
import { AddBar } from './features/add/add-bar'
import { useDropToQueue } from './features/add/use-drop-to-queue'
import { ExportFeature } from './features/export/export-feature'
import { FiltersBar } from './features/queue/filters-bar'
import { QueueView } from './features/queue/queue-view'
import { SettingsPanel } from './features/settings/settings-panel'
import { HeaderBar } from './features/status/header-bar'
import { StatusBar } from './features/status/status-bar'
import { useT } from './i18n/use-t'

export function App() {
  const t = useT()
  const [settingsOpen, setSettingsOpen] = useState(false)
  const drop = useDropToQueue()
  const closeSettings = useCallback(() => {
    setSettingsOpen(false)
  }, [])

  useEffect(() => {
    // Ctrl+, (Cmd+, on macOS) opens settings, as in most desktop apps.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === ',' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault()
        setSettingsOpen(true)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [])

  return (
    <div className="app-shell" data-testid="app-shell" {...drop.handlers}>
      <HeaderBar
        onOpenSettings={() => {
          setSettingsOpen(true)
        }}
      />
      <AddBar />
      <FiltersBar />
      <main className="content">
        <QueueView />
      </main>
      <StatusBar />
      {settingsOpen ? <SettingsPanel onClose={closeSettings} /> : null}
      <ExportFeature />
      {drop.dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          {t('drop.overlay')}
        </div>
      ) : null}
    </div>
  )
}
