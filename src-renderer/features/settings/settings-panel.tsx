import { useEffect, useRef } from 'react'
import { useT } from '../../i18n/use-t'
import { AccountForm } from './account-form'
import { GreenOptionsForm } from './green-options-form'
import { ScanningForm } from './scanning-form'
import { WatchForm } from './watch-form'

/** A side panel over the queue. Escape closes it; focus moves into it when it opens. */
export function SettingsPanel({
  onClose,
  section = 'general',
}: {
  onClose: () => void
  /** 'account' opens at the account form (first run, a refused key). */
  section?: 'general' | 'account'
}) {
  const t = useT()
  const ref = useRef<HTMLElement>(null)

  useEffect(() => {
    const account = section === 'account' ? ref.current?.querySelector('.account-form') : null
    account?.scrollIntoView({ block: 'start' })
    ;(account ?? ref.current)?.querySelector<HTMLElement>('input, select, button')?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [onClose, section])

  return (
    <aside
      ref={ref}
      className="settings-panel"
      role="dialog"
      aria-modal="true"
      aria-label={t('settings.title')}
      data-testid="settings-panel"
    >
      <header>
        <h2>{t('settings.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('settings.close')}>
          ×
        </button>
      </header>
      <ScanningForm />
      <GreenOptionsForm />
      <WatchForm />
      <AccountForm />
    </aside>
  )
}
