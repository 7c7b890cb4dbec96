import { useState } from 'react'
import type { ScanMode } from '../../../src-shared/domain/scan-mode'
import type { Settings, SettingsPatch } from '../../../src-shared/domain/settings'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { usePatchSettings } from './use-patch-settings'

const MODES: readonly ScanMode[] = ['sync', 'async']

interface NumberSettingProps {
  readonly label: string
  readonly value: number
  readonly min: number
  readonly max: number
  readonly step?: number
  readonly testId: string
  readonly onCommit: (value: number) => void
}

/**
 * A number saved when the field is left or Enter is pressed, not on every keystroke: typing "25"
 * must not save "2" on the way. Out-of-range or empty input goes back to the stored value.
 */
function NumberSetting({ label, value, min, max, step = 1, testId, onCommit }: NumberSettingProps) {
  const [draft, setDraft] = useState<string | null>(null)
  function commit() {
    if (draft === null) return
    const n = Number(draft)
    setDraft(null)
    if (draft.trim() !== '' && Number.isFinite(n) && n >= min && n <= max && n !== value)
      onCommit(n)
  }
  return (
    <label className="inline">
      {label}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
        onChange={(e) => {
          setDraft(e.target.value)
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') setDraft(null)
        }}
        data-testid={testId}
      />
    </label>
  )
}

/** How Greenlight talks to Green: sync or async, frame sampling, and pacing. */
export function GreenOptionsForm() {
  const t = useT()
  const patch = usePatchSettings()
  const settings = useAppStore((s) => s.settings)
  if (!settings) return null
  const save = (change: SettingsPatch) => void patch(change)
  const frames = (change: Partial<Settings['frameHints']>) => {
    save({ frameHints: { ...settings.frameHints, ...change } })
  }

  return (
    <section className="green-options-form">
      <h3>{t('settings.green')}</h3>
      <fieldset>
        <legend>{t('settings.mode')}</legend>
        {MODES.map((mode) => (
          <label key={mode} className="inline">
            <input
              type="radio"
              name="scan-mode"
              checked={settings.scanMode === mode}
              onChange={() => {
                save({ scanMode: mode })
              }}
              data-testid={`mode-${mode}`}
            />
            {t(`settings.mode.${mode}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.frames')}</legend>
        <NumberSetting
          label={t('settings.frames.interval')}
          value={settings.frameHints.interval}
          min={1}
          max={100}
          testId="frames-interval"
          onCommit={(interval) => {
            frames({ interval })
          }}
        />
        <NumberSetting
          label={t('settings.frames.max')}
          value={settings.frameHints.maxFrames}
          min={1}
          max={100}
          testId="frames-max"
          onCommit={(maxFrames) => {
            frames({ maxFrames })
          }}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.pacing')}</legend>
        <NumberSetting
          label={t('settings.pacing.qps')}
          value={settings.scanQps}
          min={0.1}
          max={10_000}
          step={0.1}
          testId="pacing-qps"
          onCommit={(scanQps) => {
            save({ scanQps })
          }}
        />
        <NumberSetting
          label={t('settings.pacing.batch')}
          value={settings.batchSize}
          min={1}
          max={100}
          testId="pacing-batch"
          onCommit={(batchSize) => {
            save({ batchSize })
          }}
        />
        <NumberSetting
          label={t('settings.pacing.concurrency')}
          value={settings.concurrency}
          min={1}
          max={64}
          testId="pacing-concurrency"
          onCommit={(concurrency) => {
            save({ concurrency })
          }}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.cost')}</legend>
        <NumberSetting
          label={t('settings.cost.prompt')}
          value={settings.costPromptUnits}
          min={0}
          max={100_000_000}
          testId="cost-prompt"
          onCommit={(costPromptUnits) => {
            save({ costPromptUnits })
          }}
        />
      </fieldset>
    </section>
  )
}
