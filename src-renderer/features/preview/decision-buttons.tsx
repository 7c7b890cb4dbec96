import type { Scene } from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { wordScene } from '../../i18n/word-verdict'
import { decide } from './decide'

/**
 * Pass and Block, for the whole image ("Pass this image") or for one scene ("Block porn"): a
 * correction scene by scene names that scene alone.
 */
export function DecisionButtons({ itemId, scene }: { itemId: number; scene?: Scene }) {
  const t = useT()
  const { bridge } = useBridge()
  return (
    <>
      {(['pass', 'block'] as const).map((suggestion) => (
        <button
          key={suggestion}
          type="button"
          className={`preview-${suggestion}`}
          aria-label={
            scene === undefined
              ? t(suggestion === 'pass' ? 'preview.passImage' : 'preview.blockImage')
              : t(suggestion === 'pass' ? 'preview.passScene' : 'preview.blockScene', {
                  scene: wordScene(t, scene),
                })
          }
          onClick={() => {
            decide(bridge, itemId, suggestion, scene)
          }}
        >
          {t(suggestion === 'pass' ? 'preview.pass' : 'preview.block')}
        </button>
      ))}
    </>
  )
}
