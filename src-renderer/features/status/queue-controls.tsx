import type { InvokeChannel } from '../../../src-shared/ipc'
import type { ErrorCode } from '../../../src-shared/result'
import type { MessageKey } from '../../i18n/en'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { ErrorMessage } from '../../components/error-message'
import { QueueCommands } from '../toolbar/queue-commands'
import { retryFailed } from '../toolbar/retry-failed'
import { useAppStore } from '../../stores/app-store'
import { useProgressStore } from '../../stores/progress-store'
import { useQueueStore } from '../../stores/queue-store'

type QueueCommand = Extract<
  InvokeChannel,
  'scan:pause' | 'scan:resume' | 'scan:cancel' | 'scan:requeue-cancelled'
>

/**
 * Account problems that stop the queue are worded as such ("…, then resume"), with a way to do
 * it: Green's own text (a signature mismatch carries its whole debug string) stays in main's log.
 */
const ACCOUNT_MESSAGES = {
  AUTH_INVALID_KEY: 'queue.auth.wrongKey',
  AUTH_SIGNATURE: 'queue.auth.wrongKey',
  AUTH_EXPIRED: 'queue.auth.expired',
  PERMISSION_DENIED: 'queue.auth.permission',
  SERVICE_NOT_ACTIVATED: 'queue.auth.permission',
  CREDENTIALS_MISSING: 'queue.auth.missing',
} as const satisfies Partial<Record<ErrorCode, MessageKey>>

function accountProblem(code: ErrorCode): code is keyof typeof ACCOUNT_MESSAGES {
  return code in ACCOUNT_MESSAGES
}

/** Pause, resume, cancel and retry, next to the progress they act on. */
export function QueueControls() {
  const t = useT()
  const { bridge } = useBridge()
  const status = useQueueStore((s) => s.status)
  const progress = useProgressStore((s) => s.progress)

  async function run(command: QueueCommand) {
    const result = await bridge.invoke(command)
    if (result.ok) useQueueStore.getState().queueChanged(result.value)
    else useAppStore.getState().errorRaised(result.error)
  }

  const waiting = (progress?.queued ?? 0) + (progress?.running ?? 0)
  return (
    <div className="queue-controls">
      {status?.error ? (
        <span className="queue-error" role="alert" data-testid="queue-error">
          <ErrorMessage
            error={status.error}
            context={{ where: 'queue' }}
            testIdPrefix="queue"
            wrap={(worded, error) =>
              accountProblem(error.code)
                ? t(ACCOUNT_MESSAGES[error.code])
                : t('queue.stopped', { message: worded })
            }
          />
        </span>
      ) : null}
      {status?.state === 'paused' ? (
        <button type="button" onClick={() => void run('scan:resume')} data-testid="queue-resume">
          {t('queue.resume')}
        </button>
      ) : (
        <button
          type="button"
          disabled={waiting === 0}
          onClick={() => void run('scan:pause')}
          data-testid="queue-pause"
        >
          {t('queue.pause')}
        </button>
      )}
      <button
        type="button"
        disabled={(progress?.failed ?? 0) === 0}
        onClick={() => void retryFailed(bridge)}
        data-testid="queue-retry"
      >
        {t('queue.retryFailed', { count: progress?.failed ?? 0 })}
      </button>
      {(progress?.cancelled ?? 0) > 0 ? (
        <button
          type="button"
          onClick={() => void run('scan:requeue-cancelled')}
          data-testid="queue-requeue"
        >
          {t('queue.requeueCancelled', { count: progress?.cancelled ?? 0 })}
        </button>
      ) : null}
      <QueueCommands />
      <button
        type="button"
        disabled={waiting === 0}
        onClick={() => void run('scan:cancel')}
        data-testid="queue-cancel"
      >
        {t('queue.cancel')}
      </button>
    </div>
  )
}
