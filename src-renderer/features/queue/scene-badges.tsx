import type { Item, SceneResult } from '../../../src-shared/domain'
import { VerdictChip } from '../../components/verdict-chip'
import { useT } from '../../i18n/use-t'
import { wordScene } from '../../i18n/word-verdict'

const SEVERITY = { block: 0, review: 1, pass: 2 } as const

/**
 * The engine's results worth a look, most severe first: one badge per scene that is not `pass`.
 * Passing scenes go without a badge (the overall suggestion says it), so six scenes never crowd
 * out the name. The engine's own verdict, not corrections (those are the corrected mark): the
 * filter's "flagged" (src-shared/domain/item-filter.ts) applies corrections.
 */
export function flaggedResults(item: Pick<Item, 'results'>): SceneResult[] {
  return item.results
    .filter((r) => r.suggestion !== 'pass')
    .sort((a, b) => SEVERITY[a.suggestion] - SEVERITY[b.suggestion] || b.rate - a.rate)
}

/**
 * The overall suggestion, the flagged scenes and the corrected mark, for a row or a tile; a tile
 * (`compact`) shows the most severe scene and "+N" for the others.
 */
export function SceneBadges({ item, compact = false }: { item: Item; compact?: boolean }) {
  const t = useT()
  const flagged = flaggedResults(item)
  const shown = compact ? 1 : flagged.length
  const hidden = flagged.slice(shown)
  const corrections = item.feedback?.corrections
    .map((c) => `${wordScene(t, c.scene)} ${t(`suggestion.${c.suggestion}`)}`)
    .join(', ')
  return (
    <>
      {item.suggestion ? (
        <span className={`chip chip-overall chip-${item.suggestion}`} data-testid="suggestion-chip">
          {t(`suggestion.${item.suggestion}`)}
        </span>
      ) : null}
      {flagged.slice(0, shown).map((r) => (
        <VerdictChip key={r.scene} result={r} />
      ))}
      {hidden.length > 0 ? (
        // A tile has room for one line: the most severe scene, then how many more, named on hover.
        <span
          className="chip chip-more"
          title={hidden
            .map((r) => `${wordScene(t, r.scene)} ${String(Math.round(r.rate))}`)
            .join(', ')}
          aria-label={t('item.moreScenes', {
            count: hidden.length,
            scenes: hidden.map((r) => wordScene(t, r.scene)).join(', '),
          })}
          data-testid="more-scenes-chip"
        >
          +{hidden.length}
        </span>
      ) : null}
      {item.feedback ? (
        <span
          className={`chip chip-corrected chip-${item.suggestion ?? 'none'}`}
          title={
            compact
              ? t('item.corrected', { corrections: corrections ?? '' })
              : (item.feedback.note ?? undefined)
          }
          data-testid="corrected-chip"
        >
          {compact
            ? t('item.correctedMark')
            : t('item.corrected', { corrections: corrections ?? '' })}
        </span>
      ) : null}
    </>
  )
}
