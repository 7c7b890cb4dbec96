import type { Scene } from '../../../src-shared/domain'
import { useT } from '../../i18n/use-t'
import { wordScene } from '../../i18n/word-verdict'
import { useDecide } from '../decisions/decide'

/**
 * Pass and Block, for the whole image ("Pass this image") or for one scene ("Block porn"): a
 * correction scene by scene names that scene alone. Both go through the one decide() the keys
 * use, so a Block on an image with nothing flagged asks which scene here too.
 */
export function DecisionButtons({ itemId, scene }: { itemId: number; scene?: Scene }) {
  const t = useT()
  const decide = useDecide()
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
            void decide([itemId], suggestion, scene === undefined ? undefined : { scenes: [scene] })
          }}
        >
          {t(suggestion === 'pass' ? 'preview.pass' : 'preview.block')}
        </button>
      ))}
    </>
  )
}
