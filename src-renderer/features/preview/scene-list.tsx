import type { Item, Scene, Suggestion } from '../../../src-shared/domain'
import { useT } from '../../i18n/use-t'
import { wordLabel, wordScene } from '../../i18n/word-verdict'
import { DecisionButtons } from './decision-buttons'
import { correctionsBesideEngine, extraLines, type Correction } from './preview-facts'

/** "Engine: block 98 · You: pass": the engine's verdict stays beside a correction. */
function EngineVersusYou({ correction }: { correction: Correction }) {
  const t = useT()
  const verdict = (s: Suggestion) => t(`preview.verdict.${s}`)
  const engine = correction.engine
    ? `${verdict(correction.engine.suggestion)} ${String(Math.round(correction.engine.rate))}`
    : t('preview.engineNone')
  return (
    <p className="engine-vs-you" data-testid="engine-vs-you">
      {t('preview.engineVsYou', { engine, you: verdict(correction.you) })}
    </p>
  )
}

/**
 * Every scene of the item: its words and API code, the engine's suggestion and rate, what Green
 * returned besides, the reviewer's correction beside the engine's verdict, and per-scene actions.
 * Scenes the engine could not judge say so, never a made-up verdict.
 */
export function SceneList({ item }: { item: Item }) {
  const t = useT()
  const corrections = correctionsBesideEngine(item)
  const correctionOf = (scene: Scene) => corrections.find((c) => c.scene === scene)
  return (
    <ul className="preview-scenes">
      {item.results.map((result) => {
        const correction = correctionOf(result.scene)
        return (
          <li
            key={result.scene}
            className={`preview-scene scene-${result.suggestion}`}
            data-testid="preview-scene"
            data-scene={result.scene}
          >
            <div className="scene-head">
              <span className="scene-name">{wordScene(t, result.scene)}</span>
              {/* A label that words the same as its scene ("porn" in porn) is said once. */}
              {wordLabel(t, result.label) === wordScene(t, result.scene) ? null : (
                <span className="scene-label">{wordLabel(t, result.label)}</span>
              )}
              <small className="api-code">
                {result.scene} · {result.label}
              </small>
              <span className={`scene-verdict verdict-text-${result.suggestion}`}>
                {t(`preview.verdict.${result.suggestion}`)} {result.rate.toFixed(1)}%
              </span>
            </div>
            {correction ? <EngineVersusYou correction={correction} /> : null}
            <ul className="scene-extras">
              {extraLines(result.extras).map((line, i) => (
                <li key={i} data-testid="preview-extra">
                  {t(line.key, line.values)}
                </li>
              ))}
            </ul>
            {item.state === 'done' ? (
              <div className="scene-actions">
                <DecisionButtons itemId={item.id} scene={result.scene} />
              </div>
            ) : null}
          </li>
        )
      })}
      {item.unsupportedScenes.map((scene) => {
        const correction = correctionOf(scene)
        return (
          <li
            key={scene}
            className="preview-scene scene-unsupported"
            data-testid="preview-unsupported"
            data-scene={scene}
          >
            <div className="scene-head">
              <span className="scene-name">{wordScene(t, scene)}</span>
              <small className="api-code">{scene}</small>
              <span className="scene-verdict">
                {t(item.engine === 'local' ? 'preview.notJudgedLocal' : 'preview.notJudged')}
              </span>
            </div>
            {correction ? <EngineVersusYou correction={correction} /> : null}
            {item.state === 'done' ? (
              <div className="scene-actions">
                <DecisionButtons itemId={item.id} scene={scene} />
              </div>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}
