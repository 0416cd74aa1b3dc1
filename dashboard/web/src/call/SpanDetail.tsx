import type { Span } from '@claimcheck/shared'
import { formatDurationMs } from '../lib/format.ts'
import { formatTimestamp, nsToMs } from '../lib/time.ts'
import { isErrorStatus } from './trace-rows.ts'

/** `http.request.method` may wrap after a dot or underscore, never inside a word. */
function breakAtSeparators(key: string) {
  return key.split(/(?<=[._/-])/).map((part, i) => (
    <span key={i}>
      {i > 0 ? <wbr /> : null}
      {part}
    </span>
  ))
}

/** Key/value rows of an attribute map, keys as given. */
function AttributeRows({ entries }: { entries: readonly [string, string][] }) {
  return (
    <table className="attr-table">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row" className="mono attr-key">{breakAtSeparators(key)}</th>
            <td className="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AttributeTable({ title, attributes }: { title: string; attributes: Record<string, string> }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))
  return (
    <section className="attr-section">
      <h4>
        {title} <span className="count">{entries.length}</span>
      </h4>
      {entries.length === 0 ? (
        <p className="hint">None</p>
      ) : (
        <AttributeRows entries={entries} />
      )}
    </section>
  )
}

/** One span's facts, attributes and events, next to the waterfall. */
export function SpanDetail({ span, traceStartMs }: { span: Span; traceStartMs: number }) {
  const startMs = nsToMs(span.Timestamp)
  return (
    <div className="span-detail" aria-label={`Span ${span.SpanName}`} role="region">
      <header>
        <h3>{span.SpanName}</h3>
        <div className="span-facts">
          <span>{span.ServiceName}</span>
          <span>{span.SpanKind.replace(/^SPAN_KIND_/, '').replace(/^Span_Kind_/i, '')}</span>
          <span>{formatDurationMs(span.Duration / 1e6)}</span>
          <span>+{formatDurationMs(startMs - traceStartMs)}</span>
          <span className={isErrorStatus(span.StatusCode) ? 'span-status error' : 'span-status'}>{span.StatusCode || 'Unset'}</span>
        </div>
        {span.StatusMessage ? <p className="span-status-message">{span.StatusMessage}</p> : null}
        <p className="hint mono">
          span {span.SpanId}
          {span.ParentSpanId ? ` · parent ${span.ParentSpanId}` : ' · root'}
        </p>
      </header>
      <AttributeTable title="Span attributes" attributes={span.SpanAttributes} />
      <section className="attr-section">
        <h4>
          Events <span className="count">{span.Events.length}</span>
        </h4>
        {span.Events.length === 0 ? (
          <p className="hint">None</p>
        ) : (
          <ul className="event-list">
            {span.Events.map((event, i) => (
              <li key={`${event.Name}-${i}`}>
                <div className="event-head">
                  <strong>{event.Name}</strong>
                  <span className="hint">
                    {formatTimestamp(nsToMs(event.Timestamp))} · +{formatDurationMs(nsToMs(event.Timestamp) - startMs)}
                  </span>
                </div>
                {Object.keys(event.Attributes).length > 0 ? <AttributeRows entries={Object.entries(event.Attributes)} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <AttributeTable title="Resource" attributes={span.ResourceAttributes} />
    </div>
  )
}
