import { useState } from 'react'
import type { SavedQuery } from '@claimcheck/shared'
import { useDeleteQuery, useSavedQueries, useSaveQuery } from '../api/sql.ts'
import { useCan } from '../auth/session.ts'
import { IconX } from '../components/Icons.tsx'
import { EXAMPLE_QUERIES } from './examples.ts'

/** Saved queries (stored by the server) and built-in examples; pressing one loads it. */
export function SavedQueries({ currentSql, onLoad }: { currentSql: () => string; onLoad: (sql: string) => void }) {
  const saved = useSavedQueries()
  const save = useSaveQuery()
  const remove = useDeleteQuery()
  const [naming, setNaming] = useState(false)
  const canEdit = useCan('editor')

  return (
    <aside className="saved-queries" aria-label="Saved queries">
      <div className="saved-head">
        <h2>Saved queries</h2>
        {canEdit ? (
          <button type="button" className="btn btn-sm" onClick={() => setNaming(true)} disabled={naming}>
            Save current
          </button>
        ) : null}
      </div>
      {naming ? (
        <form
          className="save-form"
          onSubmit={(event) => {
            event.preventDefault()
            const name = String(new FormData(event.currentTarget).get('name') ?? '').trim()
            const sqlText = currentSql().trim()
            if (!name || !sqlText) return
            save.mutate({ name, sql: sqlText, description: '' }, { onSuccess: () => setNaming(false) })
          }}
        >
          <label htmlFor="saved-name" className="sr-only">
            Name of the saved query
          </label>
          <input id="saved-name" name="name" className="input" placeholder="Name" autoFocus required maxLength={200} onKeyDown={(e) => e.key === 'Escape' && setNaming(false)} />
          <button type="submit" className="btn btn-sm btn-primary" disabled={save.isPending}>
            Save
          </button>
          {save.error ? <p className="field-error">{save.error.message}</p> : null}
        </form>
      ) : null}
      {saved.isPending ? (
        <p className="hint">Loading…</p>
      ) : saved.error ? (
        <p className="hint">Saved queries are unavailable: {saved.error.message}.</p>
      ) : saved.data.length === 0 ? (
        <p className="hint">None yet. Write a query and press “Save current”.</p>
      ) : (
        <ul className="query-list">
          {saved.data.map((q: SavedQuery) => (
            <li key={q.id}>
              <button type="button" className="query-item" onClick={() => onLoad(q.sql)} title={q.sql}>
                {q.name}
              </button>
              {canEdit ? (
                <button type="button" className="btn-x" aria-label={`Delete saved query ${q.name}`} onClick={() => remove.mutate(q.id)}>
                  <IconX width={12} height={12} />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2 className="examples-title">Examples</h2>
      <ul className="query-list">
        {EXAMPLE_QUERIES.map((q) => (
          <li key={q.name}>
            <button type="button" className="query-item" onClick={() => onLoad(q.sql)} title={q.sql}>
              {q.name}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  )
}
