import type { Facet } from '@claimcheck/shared'
import { causeLabel, isCause } from '../lib/causes.ts'
import { formatExact } from '../lib/format.ts'
import { FILTER_LABELS, parseFilterValue, type FilterKey, type Filters } from '../lib/view-state.ts'

/** The facet's dimension as a filter of the view (the API calls a client id `client`, as the URL does). */
const FACET_FILTER: Record<string, FilterKey> = {
  cause: 'cause', route: 'route', status: 'status', client: 'client', tenant: 'tenant', issuer: 'issuer', kid: 'kid',
  service: 'service', method: 'method', causeDetail: 'causeDetail', subject: 'subject',
}

function valueLabel(dimension: string, value: string): string {
  if (value === '') return dimension === 'cause' ? 'Succeeded' : '(none)'
  if (dimension === 'cause' && isCause(value)) return causeLabel(value)
  return value
}

/** The filter value for a facet value: successful calls have the empty cause, filtered as `success`. */
function filterValue(dimension: string, value: string): string {
  return dimension === 'cause' && value === '' ? 'success' : value
}

/** Value counts per dimension beside the list; + narrows to a value, − leaves it out. */
export function FacetsPanel({ facets, filters, onFilter }: {
  facets: readonly Facet[]
  filters: Filters
  onFilter: (key: FilterKey, value: string, exclude: boolean) => void
}) {
  return (
    <div className="facets" role="region" aria-label="Facets">
      {facets.map((facet) => {
        const key = FACET_FILTER[facet.dimension]
        if (!key) return null
        const active = (filters[key] as string[]).map(parseFilterValue)
        return (
          <section key={facet.dimension} className="facet" aria-label={`${FILTER_LABELS[key]} values`}>
            <h3 className="facet-title">{FILTER_LABELS[key]}</h3>
            {facet.values.length === 0 ? <p className="hint">No values</p> : null}
            <ul>
              {facet.values.map((item) => {
                const value = filterValue(facet.dimension, item.value)
                const included = active.some((a) => !a.exclude && a.value === value)
                const share = facet.total ? item.calls / facet.total : 0
                const label = valueLabel(facet.dimension, item.value)
                return (
                  <li key={item.value} className={`facet-value${included ? ' included' : ''}`}>
                    <span className="facet-bar" style={{ width: `${Math.max(2, share * 100)}%` }} aria-hidden="true" />
                    <span className="facet-label" title={label}>
                      {label}
                    </span>
                    <span className="facet-count" title={`${formatExact(item.calls)} calls, ${formatExact(item.failures)} failed`}>
                      {formatExact(item.calls)}
                    </span>
                    <button type="button" className="facet-action" aria-label={`Only ${FILTER_LABELS[key]} ${label}`} title="Only this value" onClick={() => onFilter(key, value, false)}>
                      +
                    </button>
                    <button type="button" className="facet-action" aria-label={`Exclude ${FILTER_LABELS[key]} ${label}`} title="Leave this value out" onClick={() => onFilter(key, value, true)}>
                      −
                    </button>
                  </li>
                )
              })}
            </ul>
          </section>
        )
      })}
    </div>
  )
}
