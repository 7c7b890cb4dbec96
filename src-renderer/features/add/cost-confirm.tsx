import { useBridge } from '../../bridge/bridge-context'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { costAsides, costFigure } from './cost-text'
import { showAddOutcome } from './show-add-outcome'

/** Asks before a Green batch above the threshold is queued; nothing is stored until yes. */
export function CostConfirm() {
  const t = useT()
  const { bridge } = useBridge()
  const pending = useUiStore((s) => s.pendingAdd)
  if (!pending) return null
  const { planId, estimate } = pending

  const close = () => {
    useUiStore.getState().addPriced(null)
  }
  const discard = () => {
    close()
    void bridge.invoke('scan:discard-add', { planId })
  }
  const confirm = async () => {
    close()
    const result = await bridge.invoke('scan:confirm-add', { planId })
    if (result.ok) showAddOutcome(result.value)
    else useAppStore.getState().errorRaised(result.error)
  }
  const asides = costAsides(estimate, t)
  return (
    <ConfirmDialog
      title={t('cost.title')}
      cancelLabel={t('cost.cancel')}
      confirmLabel={t('cost.scan')}
      onCancel={discard}
      onConfirm={() => void confirm()}
      testId="cost-confirm"
    >
      <p className="cost-question" data-testid="cost-question">
        {t('cost.question', { figure: costFigure(estimate, t) })}
        {asides ? <span className="muted"> ({asides})</span> : null}
      </p>
      <p className="muted">{t('cost.explain')}</p>
    </ConfirmDialog>
  )
}
