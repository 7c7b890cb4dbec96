import { useState, type KeyboardEvent } from 'react'
import { GREEN_FEEDBACK_SCENES, type Scene } from '../../../src-shared/domain'
import { Modal } from '../../components/modal'
import { useT } from '../../i18n/use-t'
import { answerFor, useDecide } from './decide'
import { useSceneAskStore, type SceneAsk } from './scene-ask-store'

/**
 * "Block for which scene?": a Block on an image with nothing flagged names no scene by itself, and
 * a guess would claim a finding nobody made (docs/architecture.md §4, "Decisions"). Offers the
 * scenes the image was scanned for; 1–6 pick, Enter blocks, Esc cancels. In a bulk Block it is
 * asked once, and the answer goes to the images with nothing flagged only.
 */
export function ScenePicker() {
  const asked = useSceneAskStore((s) => s.asked)
  // A fresh question starts with nothing chosen.
  return asked === null ? null : <PickerDialog key={asked.itemIds.join(',')} ask={asked} />
}

function PickerDialog(props: { ask: SceneAsk }) {
  const t = useT()
  const decide = useDecide()
  const { ask } = props
  const [chosen, setChosen] = useState<Scene | null>(null)
  const close = () => {
    useSceneAskStore.getState().sceneAsked(null)
  }
  const confirm = (scene: Scene | null) => {
    if (scene === null) return
    close()
    void decide(ask.itemIds, 'block', answerFor(ask, scene))
  }
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const picked = ask.scenes[Number(event.key) - 1]
    if (/^[1-9]$/.test(event.key) && picked !== undefined) {
      event.preventDefault()
      setChosen(picked)
      event.currentTarget.querySelector<HTMLInputElement>(`input[value="${picked}"]`)?.focus()
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault()
      confirm(chosen)
    }
  }
  const title = t('picker.title')
  const many = ask.itemIds.length > 1
  return (
    <Modal label={title} onClose={close} testId="scene-picker" initialFocus="input[type=radio]">
      <form
        onKeyDown={onKeyDown}
        onSubmit={(event) => {
          event.preventDefault()
          confirm(chosen)
        }}
      >
        <h2>{title}</h2>
        <p className="muted">
          {many
            ? t('picker.explainMany', { count: ask.unflagged, total: ask.itemIds.length })
            : t('picker.explainOne')}
        </p>
        <fieldset className="scene-picker-list">
          <legend className="visually-hidden">{title}</legend>
          {ask.scenes.map((scene, index) => (
            <label key={scene} className="scene-picker-option" data-testid={`pick-${scene}`}>
              <input
                type="radio"
                name="scene"
                value={scene}
                checked={chosen === scene}
                onChange={() => {
                  setChosen(scene)
                }}
              />
              <kbd aria-hidden="true">{index + 1}</kbd>
              <span className="scene-picker-word">{t(`picker.scene.${scene}`)}</span>
              <code className="muted">{scene}</code>
              {GREEN_FEEDBACK_SCENES.includes(scene) ? null : (
                <span className="muted scene-picker-note">{t('picker.notSent')}</span>
              )}
            </label>
          ))}
        </fieldset>
        <div className="modal-actions">
          <button type="button" onClick={close} data-testid="scene-picker-cancel">
            {t('bulk.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={chosen === null}
            data-testid="scene-picker-ok"
          >
            {chosen === null
              ? t('picker.block')
              : t('picker.blockFor', { scene: t(`picker.scene.${chosen}`) })}
          </button>
        </div>
      </form>
    </Modal>
  )
}
