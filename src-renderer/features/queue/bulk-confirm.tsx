import { ConfirmDialog } from '../../components/confirm-dialog'
import { useT } from '../../i18n/use-t'
import { useUiStore } from '../../stores/ui-store'
import { useDecide } from '../decisions/decide'

/**
 * A decision on more than one image says how many and which before it runs; Enter confirms
 * (the confirm button has the focus), Esc cancels. It is then undoable like any decision.
 */
export function BulkConfirm() {
  const t = useT()
  const decide = useDecide()
  const asked = useUiStore((s) => s.bulkAsked)
  if (!asked) return null
  const { suggestion, itemIds } = asked
  const count = itemIds.length
  const close = () => {
    useUiStore.getState().bulkAsk(null)
  }
  const confirm = () => {
    close()
    useUiStore.getState().picksCleared()
    // Images with nothing flagged in a Block: asked once which scene (decide.ts).
    void decide(itemIds, suggestion)
  }
  const title = t(suggestion === 'block' ? 'bulk.title.block' : 'bulk.title.pass', { count })
  return (
    <ConfirmDialog
      title={title}
      cancelLabel={t('bulk.cancel')}
      confirmLabel={t(suggestion === 'block' ? 'bulk.confirm.block' : 'bulk.confirm.pass', {
        count,
      })}
      onCancel={close}
      onConfirm={confirm}
      testId="bulk-confirm"
    >
      <p className="muted">{t('bulk.explain')}</p>
    </ConfirmDialog>
  )
}
