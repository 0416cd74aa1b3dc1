import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useDismiss } from '../lib/use-dismiss.ts'
import { useView, useTimeAnchor } from '../lib/use-view.ts'
import { describeRange, QUICK_RANGES, resolveRange, isRelative } from '../lib/time.ts'
import { IconClock, IconZoomOut } from './Icons.tsx'

/** `datetime-local` value for a timestamp in local time. */
function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

export function TimeRangePicker() {
  const { range, setRange } = useView()
  const { nowMs } = useTimeAnchor()
  const [open, setOpen] = useState(false)
  const resolved = resolveRange(range, nowMs)
  const [from, setFrom] = useState(() => toLocalInput(resolved.fromMs))
  const [to, setTo] = useState(() => toLocalInput(resolved.toMs))
  const rootRef = useRef<HTMLDivElement>(null)
  const dialogId = useId()

  const close = useCallback(() => setOpen(false), [])
  useDismiss(rootRef, open, close)
  useEffect(() => {
    if (!open) return
    setFrom(toLocalInput(resolved.fromMs))
    setTo(toLocalInput(resolved.toMs))
    // Reset the inputs when the popover opens, not on every tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately keyed on `open` alone
  }, [open])

  const fromMs = Date.parse(from)
  const toMs = Date.parse(to)
  const absoluteValid = Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs

  const zoomOut = () => {
    const span = resolved.toMs - resolved.fromMs
    const toNext = Math.min(nowMs, resolved.toMs + span / 2)
    setRange({ from: String(Math.round(toNext - span * 2)), to: toNext >= nowMs ? 'now' : String(Math.round(toNext)) })
  }

  return (
    <div className="time-picker" ref={rootRef}>
      <button
        type="button"
        className="btn time-picker-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={dialogId}
        onClick={() => setOpen((o) => !o)}
        title="Time range"
      >
        <IconClock />
        <span>{describeRange(range, nowMs)}</span>
      </button>
      <button type="button" className="btn btn-icon" onClick={zoomOut} aria-label="Zoom out: twice the time range" title="Zoom out">
        <IconZoomOut />
      </button>
      {open ? (
        <div className="popover time-picker-popover" id={dialogId} role="dialog" aria-label="Choose a time range">
          <div className="time-picker-quick">
            <div className="popover-title">Relative</div>
            <ul>
              {QUICK_RANGES.map((q) => (
                <li key={q.from}>
                  <button
                    type="button"
                    className={`menu-item${range.from === q.from && range.to === 'now' ? ' selected' : ''}`}
                    onClick={() => {
                      setRange({ from: q.from, to: 'now' })
                      setOpen(false)
                    }}
                  >
                    {q.label}
                  </button>
                </li>
              ))}
            </ul>
          </div>
          <form
            className="time-picker-absolute"
            onSubmit={(event) => {
              event.preventDefault()
              if (!absoluteValid) return
              setRange({ from: String(fromMs), to: String(toMs) })
              setOpen(false)
            }}
          >
            <div className="popover-title">Absolute</div>
            <label>
              From
              <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </label>
            <label>
              To
              <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
            </label>
            {!absoluteValid ? <p className="field-error">“From” must be before “To”.</p> : null}
            <button type="submit" className="btn btn-primary" disabled={!absoluteValid}>
              Apply range
            </button>
            <p className="hint">{isRelative(range) ? 'Tip: drag across a chart to zoom in.' : 'Absolute range: the view will not move with time.'}</p>
          </form>
        </div>
      ) : null}
    </div>
  )
}
