import { useT } from '../../i18n/use-t'
import { useProgressStore } from '../../stores/progress-store'
import { QueueControls } from './queue-controls'

export function StatusBar() {
  const t = useT()
  const progress = useProgressStore((s) => s.progress)
  return (
    <footer className="status-bar" role="status" data-testid="status-bar">
      <span data-testid="status-summary">
        {progress && progress.total > 0 ? t('status.summary', progress) : t('status.idle')}
      </span>
      <QueueControls />
    </footer>
  )
}
