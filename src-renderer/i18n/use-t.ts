import { useAppStore } from '../stores/app-store'
import type { MessageKey } from './en'
import { translate } from './translate'

/** The translator for the user's language setting (English until settings arrive). */
export function useT(): (key: MessageKey, values?: Record<string, string | number>) => string {
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  return (key, values) => translate(language, key, values)
}
