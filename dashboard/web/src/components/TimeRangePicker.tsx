import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useDismiss } from '../lib/use-dismiss.ts'
import { useView, useTimeAnchor } from '../lib/use-view.ts'
import { useTimeZone } from '../lib/time-zone.ts'
import { absoluteRange, describeRange, QUICK_RANGES, parseRangeInput, resolveRange, isRelative, timestampTitle } from '../lib/time.ts'
import { writeViewState } from '../lib/view-state.ts'
import { IconClock, IconZoomOut } from './Icons.tsx'

/** `datetime-local` value for a timestamp in the display zone. */
function toLocalInput(ms: number, utc: boolean): string {
  const d = new Date(utc ? ms : ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

/** A `datetime-local` value read in the display zone. */
function fromLocalInput(value: string, utc: boolean): number {
  return utc ? Date.parse(`${value}Z`) : Date.parse(value)
}

export function TimeRangePicker() {
  const { range, setRange, search } = useView()
  const { nowMs } = useTimeAnchor()
  const utc = useTimeZone() === 'utc'
  const [open, setOpen] = useState(false)
  const resolved = resolveRange(range, nowMs)
  const [from, setFrom] = useState(() => toLocalInput(resolved.fromMs, utc))
  const [to, setTo] = useState(() => toLocalInput(resolved.toMs, utc))
  const [typed, setTyped] = useState('')
  const [typedError, setTypedError] = useState<string | undefined>()
  const [copied, setCopied] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const dialogId = useId()

  const close = useCallback(() => setOpen(false), [])
  useDismiss(rootRef, open, close)
  useEffect(() => {
    if (!open) return
    setFrom(toLocalInput(resolved.fromMs, utc))
    setTo(toLocalInput(resolved.toMs, utc))
    setTyped(range.to === 'now' ? range.from : `${range.from}..${range.to}`)
    setTypedError(undefined)
    setCopied(false)
    // Reset the inputs when the popover opens, not on every tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately keyed on `open` alone
  }, [open])

  const fromMs = fromLocalInput(from, utc)
  const toMs = fromLocalInput(to, utc)
  const absoluteValid = Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs

  const zoomOut = () => {
    const span = resolved.toMs - resolved.fromMs
    const toNext = Math.min(nowMs, resolved.toMs + span / 2)
    setRange({ from: String(Math.round(toNext - span * 2)), to: toNext >= nowMs ? 'now' : String(Math.round(toNext)) })
  }

  const applyTyped = () => {
    const parsed = parseRangeInput(typed, Date.now())
    if ('error' in parsed) return setTypedError(parsed.error)
    setRange(parsed.range)
    setOpen(false)
  }

  /** The page's link with `now…` resolved: a colleague opening it later sees the same data. */
  const copyAbsoluteLink = async () => {
    const next = writeViewState(search, absoluteRange(range, nowMs))
    const link = `${location.origin}${location.pathname}?${next.toString()}`
    try {
      await navigator.clipboard.writeText(link)
      setCopied(true)
    } catch {
      window.prompt('Copy this link', link)
    }
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
        <span title={`${timestampTitle(resolved.fromMs)}\n→\n${timestampTitle(resolved.toMs)}`}>{describeRange(range, nowMs)}</span>
      </button>
      <button type="button" className="btn btn-icon" onClick={zoomOut} aria-label="Zoom out: twice the time range" title="Zoom out">
        <IconZoomOut />
      </button>
      {open ? (
        <div className="popover time-picker-popover" id={dialogId} role="dialog" aria-label="Choose a time range">
          <form
            className="time-picker-typed"
            onSubmit={(event) => {
              event.preventDefault()
              applyTyped()
            }}
          >
            <label htmlFor={`${dialogId}-typed`} className="popover-title">
              Type a range
            </label>
            <div className="time-picker-typed-row">
              <input
                id={`${dialogId}-typed`}
                className="input mono"
                value={typed}
                onChange={(e) => {
                  setTyped(e.target.value)
                  setTypedError(undefined)
                }}
                placeholder="now-2h · now-15m..now-5m · 2026-12-02T09:00Z"
                aria-invalid={typedError ? true : undefined}
                aria-describedby={typedError ? `${dialogId}-typed-error` : undefined}
                autoFocus
              />
              <button type="submit" className="btn btn-primary">
                Apply
              </button>
            </div>
            {typedError ? (
              <p className="field-error" id={`${dialogId}-typed-error`} role="alert">
                {typedError}
              </p>
            ) : (
              <p className="hint">Relative: now-15m (s m h d w). Two ends: a..b. ISO without an offset is UTC.</p>
            )}
          </form>
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
            <div className="popover-title">Absolute ({utc ? 'UTC' : 'browser time'})</div>
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
            <button type="button" className="btn btn-sm" onClick={() => void copyAbsoluteLink()}>
              {copied ? 'Link copied' : 'Copy link with absolute time'}
            </button>
          </form>
        </div>
      ) : null}
    </div>
  )
}
