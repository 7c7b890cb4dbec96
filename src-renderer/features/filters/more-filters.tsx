import { ENGINE_IDS, SCENES, type ItemFacets, type ItemFilter } from '../../../src-shared/domain'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { wordLabel, wordScene } from '../../i18n/word-verdict'
import { useWatchStore } from '../../stores/watch-store'
import { DATE_MODES, type DateMode } from './date-filter'
import { FacetSelect } from './facet-select'

const DATE_WORDS: Record<DateMode, MessageKey> = {
  any: 'filter.anyDate',
  today: 'filter.today',
  week: 'filter.week',
  range: 'filter.range',
}

/** The last part of a folder's path: enough to tell watched folders apart in a narrow select. */
function folderName(path: string): string {
  const name = path
    .replace(/[/\\]+$/, '')
    .split(/[/\\]/)
    .pop()
  return name === undefined || name === '' ? path : name
}

const countOf = <V extends string | number>(
  rows: readonly { value?: V; id?: V; count: number }[] | undefined,
  value: V,
): number | undefined => {
  if (rows === undefined) return undefined
  return rows.find((r) => (r.value ?? r.id) === value)?.count ?? 0
}

/**
 * The second row of filters (scene, label, engine, corrections, watched folder, date), each with
 * its counts; `onChange` gets only the fields that changed.
 */
export function MoreFilters(props: {
  filter: ItemFilter
  facets: ItemFacets | null
  dateMode: DateMode
  range: { from: string; to: string }
  onChange: (changes: Partial<ItemFilter>) => void
  onDate: (mode: DateMode, range: { from: string; to: string }) => void
  onClear: () => void
}) {
  const t = useT()
  const folders = useWatchStore((s) => s.folders)
  const { filter, facets } = props
  const labels = facets?.labels.map((l) => l.value) ?? []
  if (filter.label !== undefined && !labels.includes(filter.label)) labels.push(filter.label)

  return (
    <div className="more-filters" id="more-filters" role="group" aria-label={t('filter.more')}>
      <FacetSelect
        id="filter-scene"
        label={t('filter.scene')}
        anyLabel={t('filter.anyScene')}
        value={filter.scene ?? ''}
        options={SCENES.map((scene) => ({
          value: scene,
          label: wordScene(t, scene),
          count: countOf(facets?.scenes, scene),
        }))}
        onChange={(value) => {
          props.onChange({ scene: SCENES.find((s) => s === value) })
        }}
      />
      <FacetSelect
        id="filter-label"
        label={t('filter.label')}
        anyLabel={t('filter.anyLabel')}
        value={filter.label ?? ''}
        options={labels.map((label) => ({
          value: label,
          label: wordLabel(t, label),
          count: countOf(facets?.labels, label),
        }))}
        onChange={(value) => {
          props.onChange({ label: value === '' ? undefined : value })
        }}
      />
      <FacetSelect
        id="filter-engine"
        label={t('filter.engine')}
        anyLabel={t('filter.anyEngine')}
        value={filter.engine ?? ''}
        options={ENGINE_IDS.map((engine) => ({
          value: engine,
          label: t(`engine.${engine}`),
          count: countOf(facets?.engines, engine),
        }))}
        onChange={(value) => {
          props.onChange({ engine: ENGINE_IDS.find((e) => e === value) })
        }}
      />
      <FacetSelect
        id="filter-corrected"
        label={t('filter.corrected')}
        anyLabel={t('filter.anyCorrected')}
        value={filter.corrected === undefined ? '' : String(filter.corrected)}
        options={[
          { value: 'true', label: t('filter.correctedYes'), count: facets?.corrected.yes },
          { value: 'false', label: t('filter.correctedNo'), count: facets?.corrected.no },
        ]}
        onChange={(value) => {
          props.onChange({ corrected: value === '' ? undefined : value === 'true' })
        }}
      />
      {folders.length > 0 ? (
        <FacetSelect
          id="filter-folder"
          label={t('filter.folder')}
          anyLabel={t('filter.anyFolder')}
          value={filter.watchedFolderId === undefined ? '' : String(filter.watchedFolderId)}
          options={folders.map((folder) => ({
            value: String(folder.id),
            label: folderName(folder.path),
            count: countOf(facets?.folders, folder.id),
          }))}
          onChange={(value) => {
            props.onChange({ watchedFolderId: value === '' ? undefined : Number(value) })
          }}
        />
      ) : null}
      <div className="facet">
        <label className="facet-name" htmlFor="filter-date">
          {t('filter.date')}
        </label>
        <select
          id="filter-date"
          value={props.dateMode}
          onChange={(event) => {
            const mode = DATE_MODES.find((m) => m === event.target.value) ?? 'any'
            props.onDate(mode, props.range)
          }}
        >
          {DATE_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(DATE_WORDS[mode])}
            </option>
          ))}
        </select>
      </div>
      {props.dateMode === 'range'
        ? (['from', 'to'] as const).map((end) => (
            <input
              key={end}
              type="date"
              className="facet-date"
              aria-label={t(end === 'from' ? 'filter.from' : 'filter.to')}
              value={props.range[end]}
              onChange={(event) => {
                props.onDate('range', { ...props.range, [end]: event.target.value })
              }}
            />
          ))
        : null}
      <button type="button" className="filters-clear" onClick={props.onClear}>
        {t('filter.clear')}
      </button>
    </div>
  )
}
