import type { LogRecord } from '@claimcheck/shared'
import { Panel } from '../components/Panel.tsx'
import { Empty } from '../components/States.tsx'
import { formatTimestamp, nsToMs } from '../lib/time.ts'

function severityClass(log: LogRecord): string {
  if (log.SeverityNumber >= 17) return 'sev-error'
  if (log.SeverityNumber >= 13) return 'sev-warn'
  return 'sev-info'
}

/** The trace's log records, oldest first; each expands to its attributes. */
export function LogsPanel({ logs, callSpanId }: { logs: readonly LogRecord[]; callSpanId: string }) {
  return (
    <Panel title={<>Log records <span className="panel-sub">{logs.length}</span></>} id="logs">
      {logs.length === 0 ? (
        <Empty title="No log records for this trace" compact>
          The gateway may export traces only; access logs with the trace id show up here.
        </Empty>
      ) : (
        <ul className="log-list">
          {logs.map((log, i) => (
            <li key={`${log.Timestamp}-${i}`} className={log.SpanId === callSpanId ? 'log-of-call' : undefined}>
              <details>
                <summary>
                  <span className="mono log-time">{formatTimestamp(nsToMs(log.Timestamp))}</span>
                  <span className={`log-sev ${severityClass(log)}`}>{log.SeverityText || `SEV${log.SeverityNumber}`}</span>
                  <span className="log-service">{log.ServiceName}</span>
                  <span className="log-body mono">{log.Body}</span>
                </summary>
                <table className="attr-table">
                  <tbody>
                    {Object.entries({ ...log.LogAttributes }).map(([key, value]) => (
                      <tr key={key}>
                        <th scope="row" className="mono">{key}</th>
                        <td className="mono">{value}</td>
                      </tr>
                    ))}
                    <tr>
                      <th scope="row" className="mono">span</th>
                      <td className="mono">{log.SpanId || '—'}</td>
                    </tr>
                  </tbody>
                </table>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  )
}
