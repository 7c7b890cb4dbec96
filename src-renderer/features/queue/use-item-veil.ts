import type { CSSProperties } from 'react'
import type { Item } from '../../../src-shared/domain'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { veilOf } from './veil'

/** The veil of a row's or tile's image (veil.ts), and whether Reveal or Hide applies to it. */
export function useItemVeil(item: Item): {
  veil: CSSProperties | undefined
  revealable: boolean
} {
  const settings = useAppStore((s) => s.settings)
  const revealedId = useUiStore((s) => s.revealedId)
  const veil = veilOf(item, settings, revealedId)
  return {
    veil,
    revealable: item.state === 'done' && (veil !== undefined || revealedId === item.id),
  }
}
