import { useT } from '../../i18n/use-t'
import { useProgressStore } from '../../stores/progress-store'
import { useUiStore } from '../../stores/ui-store'
import { costAsides, costFigure } from '../add/cost-text'
import { QueueControls } from './queue-controls'

export function StatusBar() {
  const t = useT()
  const progress = useProgressStore((s) => s.progress)
  const cost = useUiStore((s) => s.lastCost)
  return (
    <footer className="status-bar" role="status" data-testid="status-bar">
      <span data-testid="status-summary">
        {progress && progress.total > 0 ? t('status.summary', progress) : t('status.idle')}
      </span>
      {cost ? (
        <span className="status-cost" data-testid="status-cost">
          {t('cost.last', { figure: costFigure(cost, t) })}
          {costAsides(cost, t) ? ` (${costAsides(cost, t)})` : ''}
        </span>
      ) : null}
      <QueueControls />
    </footer>
  )
}
