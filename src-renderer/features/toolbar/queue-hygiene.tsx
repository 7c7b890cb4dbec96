import { useState } from 'react'
import type { ItemFilter } from '../../../src-shared/domain'
import type { InvokeRequest, RemovalOutcome } from '../../../src-shared/ipc'
import type { Result } from '../../../src-shared/result'
import { useBridge } from '../../bridge/bridge-context'
import { useCommand } from '../../commands/command-bus'
import { ConfirmDialog } from '../../components/confirm-dialog'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { loadedIds, useItemsStore } from '../../stores/items-store'
import { useProgressStore } from '../../stores/progress-store'
import { useUiStore } from '../../stores/ui-store'
import { removalNotice } from './hygiene-notices'
import { nextFocus } from './next-focus'

/** A removal waiting for the user's yes: what it removes, and how many that is. */
type Ask =
  | { kind: 'picked'; itemIds: readonly number[] }
  | { kind: 'shown'; filter: ItemFilter; count: number }
  | { kind: 'finished'; count: number }

const TITLES: Record<Ask['kind'], MessageKey> = {
  picked: 'remove.confirm.title',
  shown: 'remove.confirm.shownTitle',
  finished: 'remove.confirm.finishedTitle',
}

function askedCount(ask: Ask): number {
  return ask.kind === 'picked' ? ask.itemIds.length : ask.count
}

/**
 * Once the focused row has left the list (main's items:changed arrives after the answer), the
 * focus moves to the next row still shown. A row that stayed (being scanned) keeps the focus, and
 * a focus the user moved meanwhile is left alone.
 */
function focusNextWhenGone(order: readonly number[], focused: number, removed: readonly number[]) {
  const settle = (): boolean => {
    if (useUiStore.getState().selectedId !== focused) return true
    const shown = loadedIds(useItemsStore.getState())
    if (shown.includes(focused)) return false
    const gone = removed.length > 0 ? removed : [focused]
    useUiStore.getState().itemSelected(nextFocus(order, gone, new Set(shown)))
    return true
  }
  if (settle()) return
  const stop = useItemsStore.subscribe(() => {
    if (settle()) stop()
  })
  // Kept by main (being scanned, or decided): the focus stays, and nothing is left listening.
  setTimeout(stop, 10_000)
}

/**
 * Remove, Remove all shown and Clear finished (docs/architecture.md §4, "Keeping the queue
 * clean"): the queue forgets the items, the disk keeps the files. More than one item asks first,
 * with how many; afterwards the picks are cleared and the focus moves to the next row.
 */
export function QueueHygiene() {
  const t = useT()
  const { bridge } = useBridge()
  const [ask, setAsk] = useState<Ask | null>(null)

  const run = async (
    request: () => Promise<Result<RemovalOutcome>>,
    itemIds: readonly number[],
  ) => {
    const order = loadedIds(useItemsStore.getState())
    const result = await request()
    if (!result.ok) {
      useAppStore.getState().errorRaised(result.error)
      return
    }
    const ui = useUiStore.getState()
    ui.picksCleared()
    ui.noticeShown(removalNotice(result.value))
    if (ui.selectedId !== null) focusNextWhenGone(order, ui.selectedId, itemIds)
  }

  const remove = (target: InvokeRequest<'items:remove'>, itemIds: readonly number[] = []) =>
    run(() => bridge.invoke('items:remove', target), itemIds)

  useCommand('remove', () => {
    const { picked, selectedId } = useUiStore.getState()
    const itemIds = picked.length > 0 ? picked : selectedId === null ? [] : [selectedId]
    if (itemIds.length === 1) void remove({ itemIds: [...itemIds] }, itemIds)
    else if (itemIds.length > 1) setAsk({ kind: 'picked', itemIds })
  })
  useCommand('remove-shown', () => {
    const { filter, total } = useItemsStore.getState()
    if (total > 0) setAsk({ kind: 'shown', filter, count: total })
  })
  useCommand('clear-finished', () => {
    const progress = useProgressStore.getState().progress
    const count = (progress?.done ?? 0) + (progress?.failed ?? 0) + (progress?.cancelled ?? 0)
    if (count > 0) setAsk({ kind: 'finished', count })
    else useUiStore.getState().noticeShown({ key: 'clear.nothing' })
  })

  if (ask === null) return null
  const count = askedCount(ask)
  const confirm = () => {
    setAsk(null)
    if (ask.kind === 'picked') void remove({ itemIds: [...ask.itemIds] }, ask.itemIds)
    else if (ask.kind === 'shown') void remove({ filter: ask.filter })
    else void run(() => bridge.invoke('items:clear-finished'), [])
  }
  return (
    <ConfirmDialog
      title={t(TITLES[ask.kind], { count })}
      cancelLabel={t('remove.confirm.cancel')}
      confirmLabel={t(ask.kind === 'finished' ? 'remove.confirm.finishedOk' : 'remove.confirm.ok', {
        count,
      })}
      onCancel={() => {
        setAsk(null)
      }}
      onConfirm={confirm}
      testId="remove-confirm"
    >
      <p className="muted">{t('remove.confirm.explain')}</p>
    </ConfirmDialog>
  )
}
