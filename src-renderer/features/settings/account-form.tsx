import { useState } from 'react'
import type { Region } from '../../../src-shared/domain/settings'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'

// The region list, by file import, keeps zod out of the renderer bundle.
const REGION_OPTIONS: readonly Region[] = [
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'ap-southeast-1',
]

/**
 * Write-only: the secret goes to main and on to the keychain; the form clears it at once and the
 * renderer only ever reads back the masked ID.
 */
export function AccountForm() {
  const t = useT()
  const { bridge } = useBridge()
  const credentials = useAppStore((s) => s.credentials)
  const [accessKeyId, setAccessKeyId] = useState('')
  const [accessKeySecret, setAccessKeySecret] = useState('')
  const [securityToken, setSecurityToken] = useState('')
  const [region, setRegion] = useState<Region>(credentials?.region ?? 'cn-shanghai')
  const [endpoint, setEndpoint] = useState(credentials?.endpoint ?? '')
  const [message, setMessage] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null)
  const [busy, setBusy] = useState(false)

  async function refresh() {
    const status = await bridge.invoke('credentials:status')
    if (status.ok) useAppStore.getState().credentialsChanged(status.value)
    const info = await bridge.invoke('app:get-info')
    if (info.ok) useAppStore.getState().infoChanged(info.value)
  }

  async function save(event: { preventDefault(): void }) {
    event.preventDefault()
    setBusy(true)
    try {
      const result = await bridge.invoke('credentials:set', {
        accessKeyId: accessKeyId.trim(),
        accessKeySecret: accessKeySecret.trim(),
        ...(securityToken.trim() ? { securityToken: securityToken.trim() } : {}),
        region,
        endpoint: endpoint.trim() === '' ? null : endpoint.trim(),
      })
      // Whatever happened, the secret does not stay in renderer memory.
      setAccessKeySecret('')
      setSecurityToken('')
      if (result.ok) {
        setAccessKeyId('')
        setMessage({
          text: t('account.saved', { id: result.value.accessKeyIdMasked ?? '' }),
          tone: 'ok',
        })
        await refresh()
      } else {
        setMessage({ text: result.error.message, tone: 'error' })
      }
    } finally {
      setBusy(false)
    }
  }

  async function test() {
    setBusy(true)
    setMessage({ text: t('account.testing'), tone: 'ok' })
    try {
      const result = await bridge.invoke('credentials:test')
      if (result.ok)
        setMessage({
          text: result.value.message,
          tone: result.value.outcome === 'ok' ? 'ok' : 'error',
        })
      else setMessage({ text: result.error.message, tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  async function remove() {
    setBusy(true)
    try {
      const result = await bridge.invoke('credentials:delete')
      setMessage(
        result.ok
          ? { text: t('account.removed'), tone: 'ok' }
          : { text: result.error.message, tone: 'error' },
      )
      await refresh()
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="account-form" onSubmit={(e) => void save(e)} data-testid="account-form">
      <h3>{t('account.title')}</h3>
      <p className="muted" data-testid="account-status">
        {credentials?.configured
          ? credentials.source === 'env'
            ? t('account.envNote')
            : t('credentials.configured', {
                id: credentials.accessKeyIdMasked ?? '',
                source: credentials.source,
              })
          : t('credentials.none')}
      </p>
      <label>
        {t('account.accessKeyId')}
        <input
          value={accessKeyId}
          onChange={(e) => {
            setAccessKeyId(e.target.value)
          }}
          autoComplete="off"
          spellCheck={false}
          data-testid="access-key-id"
        />
      </label>
      <label>
        {t('account.accessKeySecret')}
        <input
          type="password"
          value={accessKeySecret}
          onChange={(e) => {
            setAccessKeySecret(e.target.value)
          }}
          autoComplete="off"
          data-testid="access-key-secret"
        />
      </label>
      <label>
        {t('account.securityToken')}
        <input
          type="password"
          value={securityToken}
          onChange={(e) => {
            setSecurityToken(e.target.value)
          }}
          autoComplete="off"
        />
      </label>
      <label>
        {t('account.region')}
        <select
          value={region}
          onChange={(e) => {
            setRegion(e.target.value as Region)
          }}
        >
          {REGION_OPTIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('account.endpoint')}
        <input
          value={endpoint}
          onChange={(e) => {
            setEndpoint(e.target.value)
          }}
          placeholder="https://green.cn-shanghai.aliyuncs.com"
          spellCheck={false}
        />
      </label>
      <p className="muted">{t('account.keychainNote')}</p>
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={busy || accessKeyId.trim() === '' || accessKeySecret.trim() === ''}
          data-testid="account-save"
        >
          {t('account.save')}
        </button>
        <button
          type="button"
          disabled={busy || !credentials?.configured}
          onClick={() => void test()}
          data-testid="account-test"
        >
          {t('account.test')}
        </button>
        <button
          type="button"
          disabled={busy || credentials?.source !== 'keychain'}
          onClick={() => void remove()}
        >
          {t('account.delete')}
        </button>
      </div>
      {message ? (
        <p className={`form-message ${message.tone}`} role="status" data-testid="account-message">
          {message.text}
        </p>
      ) : null}
    </form>
  )
}
