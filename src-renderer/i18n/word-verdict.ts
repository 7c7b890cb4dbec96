import type { Scene } from '../../src-shared/domain'
import { en, type MessageKey } from './en'
import type { Translate } from './word-error'

/** A scene in the user's language: a compile error if a scene has no words. */
export function wordScene(t: Translate, scene: Scene): string {
  return t(`scene.${scene}`)
}

/**
 * One of Green's labels in the user's language (docs/green-api.md §4.4); a label the catalogue
 * does not know (a newer one) stays as Green sent it.
 */
export function wordLabel(t: Translate, label: string): string {
  const key = `label.${label}`
  return key in en ? t(key as MessageKey) : label
}
