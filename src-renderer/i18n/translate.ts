import { en, type MessageKey, type Messages } from './en'
import { zhCN } from './zh-cn'

export type Language = 'en' | 'zh-CN'

const catalogs: Record<Language, Messages> = { en, 'zh-CN': zhCN }

/** Looks up a message and fills `{name}` placeholders; unknown placeholders are left visible. */
export function translate(
  language: Language,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  return catalogs[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  )
}
