import { useEffect, useRef, useState } from 'react'
import type { Item } from '../../../src-shared/domain'
import { displayName } from '../../i18n/display-name'
import { useT } from '../../i18n/use-t'
import type { Translate } from '../../i18n/word-error'
import { wordScene } from '../../i18n/word-verdict'
import { useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'
import { flaggedResults } from './scene-badges'

/** What a screen reader says of the focused item: "IMG_0042.jpg, block, porn 98". */
export function focusWords(t: Translate, item: Item): string {
  const parts = [displayName(item.source)]
  if (item.suggestion) parts.push(t(`suggestion.${item.suggestion}`))
  for (const r of flaggedResults(item))
    parts.push(`${wordScene(t, r.scene)} ${String(Math.round(r.rate))}`)
  if (item.feedback) parts.push(t('item.correctedMark'))
  return parts.join(', ')
}

/**
 * A polite live region that names the focused row or tile once per move: it listens to the
 * focus, not to renders, so a delta that redraws the row says nothing again.
 */
export function FocusAnnouncer() {
  const t = useT()
  const [words, setWords] = useState('')
  const translate = useRef(t)
  useEffect(() => {
    translate.current = t
  })
  // Only a move speaks: a delta that redraws the item, or a new language, says nothing again.
  useEffect(
    () =>
      useUiStore.subscribe((state, before) => {
        if (state.selectedId === before.selectedId) return
        const id = state.selectedId
        const item = id === null ? undefined : useItemsStore.getState().byId.get(id)
        setWords(item ? focusWords(translate.current, item) : '')
      }),
    [],
  )
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="focus-announcer">
      {words}
    </div>
  )
}
