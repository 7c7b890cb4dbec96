import type { SceneResult } from '../../src-shared/domain'
import { useT } from '../i18n/use-t'
import { wordLabel, wordScene } from '../i18n/word-verdict'

/**
 * One scene's verdict: scene, label and confidence, coloured by suggestion, in the user's
 * language; the title keeps Green's own words for those who look them up.
 */
export function VerdictChip({ result }: { result: SceneResult }) {
  const t = useT()
  return (
    <span
      className={`chip chip-${result.suggestion}`}
      title={`${result.scene}: ${result.label} (${result.suggestion}, ${result.rate.toFixed(1)}%)`}
      data-testid="verdict-chip"
      data-scene={result.scene}
    >
      <span className="chip-scene">{wordScene(t, result.scene)}</span>
      <span className="chip-label">{wordLabel(t, result.label)}</span>
      <span className="chip-rate">{Math.round(result.rate)}%</span>
    </span>
  )
}
