import type { SceneResult } from '../../src-shared/domain'

/** One scene's verdict: scene, label and confidence, coloured by suggestion. */
export function VerdictChip({ result }: { result: SceneResult }) {
  return (
    <span
      className={`chip chip-${result.suggestion}`}
      title={`${result.scene}: ${result.label} (${result.suggestion}, ${result.rate.toFixed(1)}%)`}
      data-testid="verdict-chip"
    >
      <span className="chip-scene">{result.scene}</span>
      <span className="chip-label">{result.label}</span>
      <span className="chip-rate">{Math.round(result.rate)}%</span>
    </span>
  )
}
