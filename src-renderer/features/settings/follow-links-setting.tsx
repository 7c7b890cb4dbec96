import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { usePatchSettings } from './use-patch-settings'

/** Off by default: a link to `/` in an untrusted folder must not send the whole disk out. */
export function FollowLinksSetting() {
  const t = useT()
  const patch = usePatchSettings()
  const follow = useAppStore((s) => s.settings?.followSymlinks)
  if (follow === undefined) return null
  return (
    <label className="inline">
      <input
        type="checkbox"
        checked={follow}
        onChange={(e) => void patch({ followSymlinks: e.target.checked })}
        data-testid="follow-symlinks"
      />
      {t('settings.followSymlinks')}
    </label>
  )
}
