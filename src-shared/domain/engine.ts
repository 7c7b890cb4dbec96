import { z } from 'zod'

/** Which engine judged an item: Alibaba Green in the cloud, or the on-device local engine. */
export const ENGINE_IDS = ['green', 'local'] as const
export const engineIdSchema = z.enum(ENGINE_IDS)
export type EngineId = z.infer<typeof engineIdSchema>

/** What the user asks for; `auto` means green when credentials exist, else local. */
export const engineChoiceSchema = z.enum(['auto', ...ENGINE_IDS])
export type EngineChoice = z.infer<typeof engineChoiceSchema>
