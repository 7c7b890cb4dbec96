import type { Item } from '../../src-shared/domain'
import { reasonsOf, type AppError, type ErrorCode } from '../../src-shared/result'
import { displayName } from './display-name'
import { en, type MessageKey } from './en'

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** Where an error is shown: on an item's row, as the queue's stop reason, or as a notice. */
export interface ErrorContext {
  readonly where: 'item' | 'queue' | 'notice'
  readonly item?: Pick<Item, 'source' | 'sourceKind' | 'state'>
}

/** The message key of a code: a compile error if a code of the closed union has none. */
function codeKey(code: ErrorCode): MessageKey {
  return `error.${code}`
}

function reasonKey(error: AppError): MessageKey | undefined {
  const reason = error.params?.reason
  if (reason === undefined || !reasonsOf(error.code).includes(reason)) return undefined
  const key = `error.${error.code}.${reason}`
  return key in en ? (key as MessageKey) : undefined
}

/** The placeholders a message fills, e.g. `name` and `limit`. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')
}

// Codes whose English detail is worth showing as it is (a validation's own words, an internal
// failure): the translation frames it.
const MESSAGE_AS_DETAIL: ReadonlySet<ErrorCode> = new Set(['VALIDATION', 'INTERNAL', 'DB'])

/**
 * An error in the user's language: the wording of its reason, else of its code, whichever first
 * has every placeholder filled by the error's params (and the item it is about). An error
 * stored before it carried params, whose wording needs one, shows main's English message.
 */
export function wordError(t: Translate, error: AppError, context?: ErrorContext): string {
  const item = context?.item
  const values: Record<string, string> = {
    ...(item ? { name: displayName(item.source), path: item.source } : {}),
    ...(MESSAGE_AS_DETAIL.has(error.code) ? { detail: error.message } : {}),
    ...error.params,
  }
  for (const key of [reasonKey(error), codeKey(error.code)]) {
    if (key === undefined) continue
    if (!placeholders(en[key]).every((name) => name in values)) continue
    const code = error.params?.greenCode
    const worded = t(key, values)
    return code === undefined ? worded : `${worded} ${t('error.greenCode', { code })}`
  }
  return error.message
}
