import { useCallback, useId, useRef, useState } from 'react'
import { useDismiss } from '../lib/use-dismiss.ts'
import { IconColumns } from '../components/Icons.tsx'
import { CALL_COLUMNS } from './columns.tsx'

/** Which columns the calls table shows; the choice is stored in the URL by the caller. */
export function ColumnPicker({ selected, onChange }: { selected: readonly string[]; onChange: (ids: string[]) => void }) {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setOpen(false), [])
  const id = useId()
  useDismiss(ref, open, close)
  return (
    <div className="column-picker" ref={ref}>
      <button type="button" className="btn" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <IconColumns /> Columns
      </button>
      {open ? (
        <fieldset className="popover column-popover" id={id}>
          <legend className="popover-title">Show columns</legend>
          {CALL_COLUMNS.map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={selected.includes(c.id)}
                onChange={(e) => onChange(e.target.checked ? [...selected, c.id] : selected.filter((s) => s !== c.id))}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  )
}
