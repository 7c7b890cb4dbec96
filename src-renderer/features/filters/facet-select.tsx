import { useT } from '../../i18n/use-t'

export interface FacetOption {
  readonly value: string
  readonly label: string
  /** Undefined while the counts load, or for a value the counts left out. */
  readonly count?: number
}

/**
 * One filter dimension as a labelled select: "any" first, then each value with how many items
 * choosing it would show.
 */
export function FacetSelect(props: {
  id: string
  label: string
  anyLabel: string
  value: string
  options: readonly FacetOption[]
  onChange: (value: string) => void
}) {
  const t = useT()
  return (
    <div className="facet">
      <label className="facet-name" htmlFor={props.id}>
        {props.label}
      </label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value)
        }}
      >
        <option value="">{props.anyLabel}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.count === undefined
              ? o.label
              : t('filter.withCount', { label: o.label, count: o.count })}
          </option>
        ))}
      </select>
    </div>
  )
}
