import type { AppError } from '../../src-shared/result'
import { useBridge } from '../bridge/bridge-context'
import { errorActions, type ErrorAction } from '../i18n/error-actions'
import type { MessageKey } from '../i18n/en'
import { useT } from '../i18n/use-t'
import { wordError, type ErrorContext } from '../i18n/word-error'
import { retryFailed } from '../features/toolbar/retry-failed'
import { useAppStore } from '../stores/app-store'
import { useUiStore } from '../stores/ui-store'

const ACTION_LABEL: Record<ErrorAction, MessageKey> = {
  retry: 'action.retry',
  'open-settings': 'action.openSettings',
  'show-in-folder': 'action.showInFolder',
}

/**
 * An error as the user reads it, in their language, with what they can do about it: every place
 * that shows an AppError goes through here (docs/architecture.md §6).
 */
export function ErrorMessage({
  error,
  context,
  itemId,
  wrap = (text) => text,
  testIdPrefix = 'error-action',
}: {
  error: AppError
  context: ErrorContext
  /** The item the error is about, for "Show in folder". */
  itemId?: number
  /** Words the error in this place's own terms, e.g. "Scanning stopped: …". */
  wrap?: (worded: string, error: AppError) => string
  testIdPrefix?: string
}) {
  const t = useT()
  const { bridge } = useBridge()

  async function act(action: ErrorAction) {
    if (action === 'open-settings') {
      useUiStore.getState().settingsOpened('account')
      return
    }
    if (action === 'retry') {
      // An item's Retry retries that item; elsewhere, every failure a retry can fix.
      await retryFailed(bridge, itemId === undefined ? undefined : [itemId])
      return
    }
    if (itemId === undefined) return
    const shown = await bridge.invoke('items:show-in-folder', { itemId })
    if (!shown.ok) useAppStore.getState().errorRaised(shown.error)
  }

  const actions = errorActions(error, context).filter(
    (action) => action !== 'show-in-folder' || itemId !== undefined,
  )
  return (
    <>
      <span className="error-text">{wrap(wordError(t, error, context), error)}</span>
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className="link-button"
          data-testid={`${testIdPrefix}-${action}`}
          onClick={(event) => {
            // A row's click selects it; the action is not a selection.
            event.stopPropagation()
            void act(action)
          }}
        >
          {t(ACTION_LABEL[action])}
        </button>
      ))}
    </>
  )
}
