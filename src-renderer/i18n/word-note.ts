import {
  formatLabel,
  megabytes,
  preflightClauses,
  type ItemNote,
  type NoteParams,
} from '../../src-shared/domain'
import type { Translate } from './word-error'

function preflight(t: Translate, p: NoteParams['preflight-changed']): string {
  const c = preflightClauses(p)
  const parts: string[] = []
  if (c.firstFrameOnly) parts.push(t('note.preflight.firstFrame', { frames: p.frames }))
  if (c.resized) {
    parts.push(t(c.framesKept ? 'note.preflight.framesKept' : 'note.preflight.downscaled', p))
  }
  if (c.reencoded) {
    parts.push(
      t('note.preflight.reencoded', {
        format: formatLabel(p.to),
        size: megabytes(Number(p.bytes)),
        sentSize: megabytes(Number(p.sentBytes)),
      }),
    )
  }
  const changes = parts.join(t('note.preflight.join'))
  return c.greenFormat
    ? t('note.preflight.fit', { changes })
    : t('note.preflight.format', { changes, format: formatLabel(p.from) })
}

/** A stored note in the user's language (the CLI and exports use `noteText`, in English). */
export function wordNote(t: Translate, note: ItemNote): string {
  switch (note.code) {
    case 'cache-reused':
      return t('note.cache-reused')
    case 'same-as-item':
      return t('note.same-as-item', note.params)
    case 'same-as-submitted':
      return t('note.same-as-submitted')
    case 'preflight-changed':
      return preflight(t, note.params as NoteParams['preflight-changed'])
    case 'legacy':
      return t('note.legacy', note.params)
  }
}
