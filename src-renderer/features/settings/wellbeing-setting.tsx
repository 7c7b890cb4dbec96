import type { Settings } from '../../../src-shared/domain'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { usePatchSettings } from './use-patch-settings'

const CHOICES: readonly Settings['wellbeing'][] = ['blur-grey', 'blur', 'off']

/** How risky images are shown in the queue (queue/veil.ts); blurred and grey by default. */
export function WellbeingSetting() {
  const t = useT()
  const patch = usePatchSettings()
  const wellbeing = useAppStore((s) => s.settings?.wellbeing)
  const blurPass = useAppStore((s) => s.settings?.blurPass)
  if (wellbeing === undefined || blurPass === undefined) return null
  return (
    <fieldset>
      <legend>{t('settings.wellbeing')}</legend>
      {CHOICES.map((choice) => (
        <label className="inline" key={choice}>
          <input
            type="radio"
            name="wellbeing"
            checked={wellbeing === choice}
            onChange={() => void patch({ wellbeing: choice })}
            data-testid={`wellbeing-${choice}`}
          />
          {t(`settings.wellbeing.${choice}`)}
        </label>
      ))}
      <label className="inline">
        <input
          type="checkbox"
          checked={blurPass}
          disabled={wellbeing === 'off'}
          onChange={(e) => void patch({ blurPass: e.target.checked })}
          data-testid="blur-pass"
        />
        {t('settings.blurPass')}
      </label>
    </fieldset>
  )
}
