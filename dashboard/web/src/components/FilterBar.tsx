import { useRef, useState } from 'react'
import { useView } from '../lib/use-view.ts'
import { activeFilters, addFilter, FILTER_KEYS, FILTER_LABELS, removeFilter, writeViewState, type FilterKey } from '../lib/view-state.ts'
import { causeColor, causeLabel, isCause } from '../lib/causes.ts'
import { IconPlus, IconSearch, IconX } from './Icons.tsx'

function chipText(key: FilterKey | 'q', value: string): string {
  if (key === 'cause' && isCause(value)) return causeLabel(value)
  return value
}

/** Active filters as removable chips, an "add filter" form and the message search. */
export function FilterBar({ search: showSearch = true, hide = [] }: { search?: boolean; hide?: readonly FilterKey[] }) {
  const { view, search, setSearch } = useView()
  const chips = activeFilters(view).filter((chip) => !hide.includes(chip.key as FilterKey))
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
        {chips.map(({ key: chipKey, value }) => (
          <li key={`${chipKey}=${value}`} className="chip">
            {chipKey === 'cause' && isCause(value) ? <span className="swatch" style={{ background: causeColor(value) }} aria-hidden="true" /> : null}
            <span className="chip-key">{FILTER_LABELS[chipKey]}</span>
            <span className="chip-value" title={value}>
              {chipText(chipKey, value)}
            </span>
            <button type="button" className="chip-remove" aria-label={`Remove filter ${FILTER_LABELS[chipKey]} ${value}`} onClick={() => setSearch(removeFilter(search, chipKey, value))}>
              <IconX width={12} height={12} />
            </button>
          </li>
        ))}
      </ul>
      {adding ? (
        <form
          className="add-filter"
          onSubmit={(event) => {
            event.preventDefault()
            const value = valueRef.current?.value.trim()
            if (value) setSearch(addFilter(search, key, value))
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
      {chips.length > 0 ? (
        <button
          type="button"
          className="btn btn-sm btn-ghost clear-filters"
          onClick={() => {
            let next = search
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
