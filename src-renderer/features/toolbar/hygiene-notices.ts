import type { AddOutcome, RemovalOutcome, RetryOutcome } from '../../../src-shared/ipc'
import type { MessageKey } from '../../i18n/en'
import type { Notice } from '../../stores/ui-store'

/** One notice from its parts: the first leads, the rest follow it (" · "). */
function joined(parts: readonly Notice[], fallback: Notice): Notice {
  const [first, ...rest] = parts
  if (first === undefined) return fallback
  return rest.length > 0 ? { ...first, also: rest } : first
}

/**
 * What an add says: what it queued, and what was already there ("12 already in the queue"); an
 * add that queued nothing new says only the second.
 */
export function withReused(
  notice: Notice,
  outcome: Extract<AddOutcome, { kind: 'added' }>,
): Notice {
  if (outcome.reused === 0) return notice
  const reused: Notice = { key: 'add.reused', values: { count: outcome.reused } }
  if (outcome.added === 0 && outcome.linksOutside === 0) return reused
  return { ...notice, also: [...(notice.also ?? []), reused] }
}

const KEPT_KEYS: Readonly<Partial<Record<string, MessageKey>>> = {
  FILE_EMPTY: 'retry.kept.FILE_EMPTY',
  NOT_AN_IMAGE: 'retry.kept.NOT_AN_IMAGE',
  IMAGE_CORRUPT: 'retry.kept.IMAGE_CORRUPT',
  IMAGE_TOO_LARGE: 'retry.kept.IMAGE_TOO_LARGE',
  UNSUPPORTED_INPUT: 'retry.kept.UNSUPPORTED_INPUT',
  NOT_A_FILE: 'retry.kept.NOT_A_FILE',
  SCENE_UNSUPPORTED: 'retry.kept.SCENE_UNSUPPORTED',
  BAD_REQUEST: 'retry.kept.BAD_REQUEST',
  FILE_NOT_FOUND: 'retry.kept.FILE_NOT_FOUND',
  DOWNLOAD_FAILED: 'retry.kept.DOWNLOAD_FAILED',
}

/** "Retrying 8 · 3 cannot be retried: not an image", counted by why, most first. */
export function retryNotice(outcome: Pick<RetryOutcome, 'queued' | 'kept'>): Notice {
  const byKey = new Map<MessageKey, number>()
  for (const kept of outcome.kept) {
    const key = KEPT_KEYS[kept.code] ?? 'retry.kept.other'
    byKey.set(key, (byKey.get(key) ?? 0) + kept.count)
  }
  const kept = [...byKey].map(([key, count]): Notice => ({ key, values: { count } }))
  const queued: Notice[] =
    outcome.queued > 0 ? [{ key: 'retry.queued', values: { count: outcome.queued } }] : []
  return joined([...queued, ...kept], { key: 'retry.none' })
}

/** "Removed 12 from the queue; the files stay on disk · 2 being scanned stay". */
export function removalNotice(outcome: RemovalOutcome): Notice {
  const parts: Notice[] = []
  if (outcome.removed > 0) parts.push({ key: 'remove.done', values: { count: outcome.removed } })
  if (outcome.running > 0) parts.push({ key: 'remove.running', values: { count: outcome.running } })
  if (outcome.deciding > 0) {
    parts.push({ key: 'remove.deciding', values: { count: outcome.deciding } })
  }
  return joined(parts, { key: 'remove.nothing' })
}
