import type { EngineChoice } from '../../../src-shared/domain/engine'
import type { Scene } from '../../../src-shared/domain/scene'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { FollowLinksSetting } from './follow-links-setting'
import { WellbeingSetting } from './wellbeing-setting'
import { usePatchSettings } from './use-patch-settings'

const SCENE_OPTIONS: readonly Scene[] = ['porn', 'terrorism', 'ad', 'qrcode', 'live', 'logo']
const ENGINE_OPTIONS: readonly EngineChoice[] = ['auto', 'local', 'green']

/** Which engine, which scenes, which language: saved as they change (usePatchSettings). */
export function ScanningForm() {
  const t = useT()
  const patch = usePatchSettings()
  const settings = useAppStore((s) => s.settings)
  if (!settings) return null

  function toggleScene(scene: Scene, on: boolean) {
    if (!settings) return
    const scenes = on ? [...settings.scenes, scene] : settings.scenes.filter((s) => s !== scene)
    // At least one scene: an empty list would make every scan a no-op.
    if (scenes.length > 0) void patch({ scenes: SCENE_OPTIONS.filter((s) => scenes.includes(s)) })
  }

  return (
    <section className="scanning-form">
      <h3>{t('settings.scanning')}</h3>
      <fieldset>
        <legend>{t('settings.engine')}</legend>
        {ENGINE_OPTIONS.map((engine) => (
          <label key={engine} className="inline">
            <input
              type="radio"
              name="engine"
              checked={settings.engine === engine}
              onChange={() => void patch({ engine })}
            />
            {t(`settings.engine.${engine}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.scenes')}</legend>
        {SCENE_OPTIONS.map((scene) => (
          <label key={scene} className="inline">
            <input
              type="checkbox"
              checked={settings.scenes.includes(scene)}
              onChange={(e) => {
                toggleScene(scene, e.target.checked)
              }}
              data-testid={`scene-${scene}`}
            />
            {scene}
          </label>
        ))}
      </fieldset>
      <label>
        {t('settings.language')}
        <select
          value={settings.language}
          onChange={(e) => void patch({ language: e.target.value as 'en' | 'zh-CN' })}
          data-testid="language"
        >
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={settings.openAtLogin}
          onChange={(e) => void patch({ openAtLogin: e.target.checked })}
          data-testid="open-at-login"
        />
        {t('settings.openAtLogin')}
      </label>
      <FollowLinksSetting />
      <WellbeingSetting />
    </section>
  )
}
