import { AddBar } from './features/add/add-bar'
import { FiltersBar } from './features/queue/filters-bar'
import { QueueView } from './features/queue/queue-view'
import { HeaderBar } from './features/status/header-bar'
import { StatusBar } from './features/status/status-bar'

export function App() {
  return (
    <div className="app-shell" data-testid="app-shell">
      <HeaderBar />
      <AddBar />
      <FiltersBar />
      <main className="content">
        <QueueView />
      </main>
      <StatusBar />
    </div>
  )
}
