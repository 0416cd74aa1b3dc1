import { useRef, useState } from 'react'
import { useView } from '../lib/use-view.ts'
import {
  activeFilters, addFilter, FILTER_KEYS, FILTER_LABELS, invalidViewParams, parseFilterValue, removeFilter, removeInvalid, toggleExclude,
  writeViewState, type FilterKey,
} from '../lib/view-state.ts'
import { causeColor, causeLabel, isCause } from '../lib/causes.ts'
import { IconPlus, IconSearch, IconX } from './Icons.tsx'

function chipText(key: FilterKey | 'q', value: string): string {
  const bare = key === 'q' ? value : parseFilterValue(value).value
  if (key === 'cause' && isCause(bare)) return causeLabel(bare)
  return bare
}

const INVALID_LABELS: Record<string, string> = { from: 'From', to: 'To', refresh: 'Refresh' }

/** Active filters as removable chips, an "add filter" form and the message search. */
export function FilterBar({ search: showSearch = true, hide = [] }: { search?: boolean; hide?: readonly FilterKey[] }) {
  const { view, search, setSearch } = useView()
  const chips = activeFilters(view).filter((chip) => !hide.includes(chip.key as FilterKey))
  const invalid = invalidViewParams(search)
  const [adding, setAdding] = useState(false)
  const [key, setKey] = useState<FilterKey>('subject')
  const valueRef = useRef<HTMLInputElement>(null)

  return (
    <div className="filter-bar" role="region" aria-label="Filters">
      {showSearch ? (
        <form
          className="search-box"
          role="search"
          onSubmit={(event) => {
            event.preventDefault()
            const text = new FormData(event.currentTarget).get('q')
            setSearch(writeViewState(search, { q: String(text ?? '').trim() }))
          }}
        >
          <IconSearch aria-hidden="true" />
          <label htmlFor="message-search" className="sr-only">
            Search error messages
          </label>
          {/* Uncontrolled, keyed by the URL value: the URL stays the only state. */}
          <input key={view.q} id="message-search" name="q" type="search" placeholder="Search error messages… (Enter)" defaultValue={view.q} autoComplete="off" />
        </form>
      ) : null}
      <ul className="chips" aria-label="Active filters">
        {invalid.map((param) => {
          const label = INVALID_LABELS[param.key] ?? FILTER_LABELS[param.key as FilterKey] ?? param.key
          return (
            <li key={`invalid:${param.key}=${param.value}`} className="chip chip-error" role="alert">
              <span className="chip-key">{label}</span>
              <span className="chip-value" title={`${param.value}: ${param.reason}. Ignored.`}>
                “{param.value}” {param.reason}, ignored
              </span>
              <button type="button" className="chip-remove" aria-label={`Remove invalid ${label} ${param.value}`} onClick={() => setSearch(removeInvalid(search, param))}>
                <IconX width={12} height={12} />
              </button>
            </li>
          )
        })}
        {chips.map(({ key: chipKey, value }) => {
          const { exclude, value: bare } = chipKey === 'q' ? { exclude: false, value } : parseFilterValue(value)
          return (
            <li key={`${chipKey}=${value}`} className={`chip${exclude ? ' chip-exclude' : ''}`}>
              {chipKey === 'cause' && isCause(bare) ? <span className="swatch" style={{ background: causeColor(bare) }} aria-hidden="true" /> : null}
              {chipKey === 'q' ? (
                <span className="chip-key">{FILTER_LABELS[chipKey]}</span>
              ) : (
                <button
                  type="button"
                  className="chip-key chip-toggle"
                  title={exclude ? 'Excluding: click to include only this value' : 'Including: click to exclude this value instead'}
                  aria-label={`${exclude ? 'Include' : 'Exclude'} ${FILTER_LABELS[chipKey]} ${bare}`}
                  onClick={() => setSearch(toggleExclude(search, chipKey, value))}
                >
                  {exclude ? `${FILTER_LABELS[chipKey]} is not` : FILTER_LABELS[chipKey]}
                </button>
              )}
              <span className="chip-value" title={bare}>
                {chipText(chipKey, value)}
              </span>
              <button type="button" className="chip-remove" aria-label={`Remove filter ${FILTER_LABELS[chipKey]} ${value}`} onClick={() => setSearch(removeFilter(search, chipKey, value))}>
                <IconX width={12} height={12} />
              </button>
            </li>
          )
        })}
      </ul>
      {adding ? (
        <form
          className="add-filter"
          onSubmit={(event) => {
            event.preventDefault()
            const value = valueRef.current?.value.trim()
            const exclude = new FormData(event.currentTarget).get('mode') === 'exclude'
            if (value) setSearch(addFilter(search, key, value, exclude))
            setAdding(false)
          }}
        >
          <label className="sr-only" htmlFor="filter-key">
            Filter field
          </label>
          <select id="filter-key" className="select" value={key} onChange={(e) => setKey(e.target.value as FilterKey)}>
            {FILTER_KEYS.map((k) => (
              <option key={k} value={k}>
                {FILTER_LABELS[k]}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="filter-mode">
            Include or exclude
          </label>
          <select id="filter-mode" name="mode" className="select" defaultValue="include">
            <option value="include">is</option>
            <option value="exclude">is not</option>
          </select>
          <label className="sr-only" htmlFor="filter-value">
            Filter value
          </label>
          <input ref={valueRef} id="filter-value" className="input" placeholder={key === 'status' ? '403' : key === 'cause' ? 'unknown_sub' : 'value'} autoFocus onKeyDown={(e) => e.key === 'Escape' && setAdding(false)} />
          <button type="submit" className="btn btn-sm btn-primary">
            Add
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setAdding(true)}>
          <IconPlus width={14} height={14} /> Add filter
        </button>
      )}
      {chips.length > 0 || invalid.length > 0 ? (
        <button
          type="button"
          className="btn btn-sm btn-ghost clear-filters"
          onClick={() => {
            let next = removeInvalid(search)
            for (const chip of chips) next = removeFilter(next, chip.key)
            setSearch(next)
          }}
        >
          Clear all
        </button>
      ) : null}
    </div>
  )
}
