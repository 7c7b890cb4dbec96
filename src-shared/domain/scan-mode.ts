import { z } from 'zod'

/**
 * How an item is sent to Green: `sync` waits for the verdict in the same request; `async` submits
 * it, keeps the taskId, and polls `/green/image/results` (docs/green-api.md §6). The local engine always
 * answers at once, so it treats both the same.
 */
export const SCAN_MODES = ['sync', 'async'] as const
export const scanModeSchema = z.enum(SCAN_MODES)
export type ScanMode = z.infer<typeof scanModeSchema>
