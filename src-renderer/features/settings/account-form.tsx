import { useState } from 'react'
import type { Region } from '../../../src-shared/domain/settings'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { wordError } from '../../i18n/word-error'
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
  const settingsRegion = useAppStore((s) => s.settings?.region ?? 'cn-shanghai')
  const settingsEndpoint = useAppStore((s) => s.settings?.endpoint ?? null)
  const [accessKeyId, setAccessKeyId] = useState('')
  const [accessKeySecret, setAccessKeySecret] = useState('')
  const [securityToken, setSecurityToken] = useState('')
  const savedRegion = credentials?.region ?? settingsRegion
  const savedEndpoint = credentials?.endpoint ?? settingsEndpoint ?? ''
  const [region, setRegion] = useState<Region>(savedRegion)
  const [endpoint, setEndpoint] = useState(savedEndpoint)
  // Where the next scan goes differs from what the form shows: saved before a test or on Save.
  const targetChanged = region !== savedRegion || endpoint.trim() !== savedEndpoint
  const keyTyped = accessKeyId.trim() !== '' && accessKeySecret.trim() !== ''
  const [message, setMessage] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null)
  const [busy, setBusy] = useState(false)

  /** Region and endpoint alone: no key needed, so an env key or none yet can have them too. */
  async function saveTarget(): Promise<boolean> {
    const result = await bridge.invoke('credentials:set-target', {
      region,
      endpoint: endpoint.trim() === '' ? null : endpoint.trim(),
    })
    if (!result.ok) {
      setMessage({ text: wordError(t, result.error), tone: 'error' })
      return false
    }
    // The saved settings and the account come back as settings:changed and credentials:changed.
    useAppStore.getState().credentialsChanged(result.value)
    setEndpoint(result.value.endpoint ?? '')
    return true
  }

  async function save(event: { preventDefault(): void }) {
    event.preventDefault()
    if (!keyTyped) {
      setBusy(true)
      try {
        if (await saveTarget()) setMessage({ text: t('account.targetSaved'), tone: 'ok' })
      } finally {
        setBusy(false)
      }
      return
    }
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
        useAppStore.getState().credentialsChanged(result.value)
      } else {
        setMessage({ text: wordError(t, result.error), tone: 'error' })
      }
    } finally {
      setBusy(false)
    }
  }

  async function test() {
    setBusy(true)
    setMessage({ text: t('account.testing'), tone: 'ok' })
    try {
      // The test goes where the next scan will: what the form shows is saved first.
      if (targetChanged && !(await saveTarget())) return
      const result = await bridge.invoke('credentials:test')
      if (!result.ok) {
        setMessage({ text: wordError(t, result.error), tone: 'error' })
        return
      }
      const { outcome } = result.value
      const target = endpoint.trim() || `https://green.${region}.aliyuncs.com`
      setMessage({
        text:
          outcome === 'ok'
            ? t('account.test.ok', { endpoint: target })
            : outcome === 'wrong-key'
              ? t('account.test.wrongKey')
              : outcome === 'no-permission'
                ? t('account.test.permission')
                : outcome === 'not-configured'
                  ? t('credentials.none')
                  : result.value.message,
        tone: outcome === 'ok' ? 'ok' : 'error',
      })
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
          : { text: wordError(t, result.error), tone: 'error' },
      )
      if (result.ok) useAppStore.getState().credentialsChanged(result.value)
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
          data-testid="account-region"
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
          placeholder={`https://green.${region}.aliyuncs.com`}
          spellCheck={false}
          data-testid="account-endpoint"
        />
      </label>
      <p className="muted">{t('account.keychainNote')}</p>
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={busy || (!keyTyped && !targetChanged)}
          data-testid="account-save"
        >
          {t(keyTyped || !targetChanged ? 'account.save' : 'account.saveTarget')}
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
