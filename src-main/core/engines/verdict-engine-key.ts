import type { EngineId, Settings } from '../../../src-shared/domain'
import { sha256Bytes } from '../media/hash-file'

/**
 * The verdict cache's name for an engine: everything that changes its verdicts is in it, so a
 * settings change never serves verdicts judged under the old ones. Frame sampling changes what is
 * seen of a GIF (both engines); the cut-offs change every local verdict.
 */
export function verdictEngineKey(
  id: EngineId,
  settings: Pick<Settings, 'frameHints' | 'localThresholds'>,
): string {
  const judgedBy =
    id === 'local' ? [settings.frameHints, settings.localThresholds] : [settings.frameHints]
  return `${id}:${sha256Bytes(new TextEncoder().encode(JSON.stringify(judgedBy))).slice(0, 16)}`
}
