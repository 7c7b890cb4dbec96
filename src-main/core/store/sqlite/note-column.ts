import { itemNote, itemNoteSchema, type ItemNote } from '../../../../src-shared/domain'

/** A note as `items.note` holds it: JSON `{code, params}` (migration 10 converted older text). */
export function encodeNote(note: ItemNote | null | undefined): string | null {
  return note ? JSON.stringify(note) : null
}

/**
 * The stored note; text that is not a note's JSON (written by an older Greenlight after the
 * migration ran, say) is kept as a legacy note rather than lost.
 */
export function decodeNote(column: string | null): ItemNote | null {
  if (column === null) return null
  try {
    const parsed = itemNoteSchema.safeParse(JSON.parse(column))
    if (parsed.success) return parsed.data
  } catch {
    // not JSON: an English sentence
  }
  return itemNote('legacy', { text: column })
}
