import { useT } from '../../i18n/use-t'
import { useProgressStore } from '../../stores/progress-store'
import { useUiStore } from '../../stores/ui-store'
import { costAsides, costFigure } from '../add/cost-text'
import { durationText, remainingOf } from './batch-pace'
import { QueueControls } from './queue-controls'
import { useRareAnnouncement } from './use-batch-status'

/**
 * Counts (what waits for review among them), and while a batch runs its pace and time left. The bar
 * itself is not a live region: progress ticks many times a second, so a hidden region says it
 * at most every 10 s (use-batch-status.ts).
 */
export function StatusBar() {
  const t = useT()
  const progress = useProgressStore((s) => s.progress)
  const cost = useUiStore((s) => s.lastCost)
  const pace = useProgressStore((s) => s.pace)
  const running = progress !== null && remainingOf(progress) > 0
  // The summary already says how many wait for review, idle or not.
  const summary = progress && progress.total > 0 ? t('status.summary', progress) : t('status.idle')
  const paceText = pace
    ? t('status.pace', {
        rate: pace.perSecond >= 10 ? Math.round(pace.perSecond) : pace.perSecond.toFixed(1),
        left: durationText(pace.secondsLeft, t),
      })
    : null
  const region = useRareAnnouncement(paceText ? `${summary} · ${paceText}` : summary, running)
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span data-testid="status-summary">{summary}</span>
      {paceText ? (
        <span className="status-pace" data-testid="status-pace">
          {paceText}
        </span>
      ) : null}
      {cost ? (
        <span className="status-cost" data-testid="status-cost">
          {t('cost.last', { figure: costFigure(cost, t) })}
          {costAsides(cost, t) ? ` (${costAsides(cost, t)})` : ''}
        </span>
      ) : null}
      <span ref={region} className="visually-hidden" role="status" data-testid="status-announcer" />
      <QueueControls />
    </footer>
  )
}
