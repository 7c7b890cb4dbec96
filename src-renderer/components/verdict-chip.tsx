import type { SceneResult } from '../../src-shared/domain'
import { useT } from '../i18n/use-t'
import { wordLabel, wordScene } from '../i18n/word-verdict'

/**
 * One scene's verdict as a compact badge: the scene and its confidence ("porn 98%"), coloured by
 * suggestion, in the user's language. The label goes in the title with Green's own words, so a
 * row or tile keeps its room for the name.
 */
export function VerdictChip({ result }: { result: SceneResult }) {
  const t = useT()
  return (
    <span
      className={`chip chip-${result.suggestion}`}
      title={`${wordLabel(t, result.label)} · ${result.scene}: ${result.label} (${result.suggestion}, ${result.rate.toFixed(1)}%)`}
      data-testid="verdict-chip"
      data-scene={result.scene}
    >
      <span className="chip-scene">{wordScene(t, result.scene)}</span>
      <span className="chip-rate">{Math.round(result.rate)}%</span>
    </span>
  )
}
