import { z } from 'zod'

/**
 * What the user should know about an item that is not an error, as a code with params: each host
 * words it in the user's language (docs/architecture.md §3). Stored as JSON in `items.note`.
 */
export const NOTE_CODES = [
  // the verdict came from the verdict cache: no call, no charge
  'cache-reused',
  // a twin in the same batch: item {item}'s verdict, one call for both
  'same-as-item',
  // async: the same image was already submitted, this one waits for its verdict
  'same-as-submitted',
  // pre-flight sent a temp copy: downscaled, re-encoded, frames dropped (params say which)
  'preflight-changed',
  // an English sentence stored before notes were codes, kept as it was
  'legacy',
] as const
export type NoteCode = (typeof NOTE_CODES)[number]

/** Image formats pre-flight reads, as a note names them. */
export const NOTE_FORMATS = ['jpeg', 'png', 'gif', 'webp', 'bmp', 'tiff', 'avif', 'heif'] as const

/** The params of each note (all strings: they are stored as JSON and cross IPC). */
export interface NoteParams {
  readonly 'cache-reused': Record<string, never>
  readonly 'same-as-item': { readonly item: string }
  readonly 'same-as-submitted': Record<string, never>
  readonly 'preflight-changed': {
    readonly from: (typeof NOTE_FORMATS)[number]
    readonly to: 'jpeg' | 'png' | 'gif'
    /** Green accepts the original format: the copy was made to fit its limits only. */
    readonly greenFormat: 'yes' | 'no'
    readonly width: string
    readonly height: string
    readonly bytes: string
    readonly frames: string
    readonly sentWidth: string
    readonly sentHeight: string
    readonly sentBytes: string
    readonly sentFrames: string
    readonly firstFrameOnly: 'yes' | 'no'
  }
  readonly legacy: { readonly text: string }
}

export const itemNoteSchema = z.object({
  code: z.enum(NOTE_CODES),
  params: z.record(z.string(), z.string()),
})
export type ItemNote = z.infer<typeof itemNoteSchema>

/** A note, its params checked against its code. */
export function itemNote<C extends NoteCode>(code: C, params: NoteParams[C]): ItemNote {
  return { code, params }
}
