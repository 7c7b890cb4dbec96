import { useT } from '../../i18n/use-t'
import { ErrorMessage } from '../../components/error-message'
import { useAppStore } from '../../stores/app-store'

/**
 * Which engine a scan would use, and whether an account is configured (never the secret).
 * Settings moved to the toolbar with the other commands.
 */
export function HeaderBar() {
  const t = useT()
  const info = useAppStore((s) => s.info)
  const credentials = useAppStore((s) => s.credentials)
  const error = useAppStore((s) => s.error)
  return (
    <header className="header-bar">
      <h1>{t('app.title')}</h1>
      {info ? (
        <span className={`engine-badge engine-${info.defaultEngine}`} data-testid="engine-badge">
          {t(info.defaultEngine === 'green' ? 'engine.green' : 'engine.local')}
        </span>
      ) : null}
      <span className="credentials" data-testid="credentials-status">
        {credentials?.configured
          ? t('credentials.configured', {
              id: credentials.accessKeyIdMasked ?? '',
              source: credentials.source,
            })
          : t('credentials.none')}
      </span>
      {error ? (
        <div className="error-banner" role="alert">
          <ErrorMessage
            error={error}
            context={{ where: 'notice' }}
            wrap={(worded) => t('error.generic', { message: worded })}
          />
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => {
              useAppStore.getState().errorDismissed()
            }}
          >
            ×
          </button>
        </div>
      ) : null}
    </header>
  )
}
