import { Link, useLocation } from 'react-router'
import { useUnclassified } from '../api/calls.ts'
import { formatExact } from '../lib/format.ts'
import { formatDateTime, type ResolvedRange } from '../lib/time.ts'
import { carryViewParams, type Filters } from '../lib/view-state.ts'
import { Panel } from './Panel.tsx'
import { QueryView } from './States.tsx'

/** Messages no rule recognised: what a new rule should match. */
export function UnclassifiedPanel({ filters, range }: { filters: Filters; range: ResolvedRange }) {
  const query = useUnclassified(filters, range)
  const location = useLocation()
  const carried = carryViewParams(new URLSearchParams(location.search))
  return (
    <Panel title="Unclassified messages" id="unclassified" actions={<Link to={`/templates${carried}`}>Group into templates and assign causes →</Link>}>
      <QueryView query={query} compact isEmpty={(d) => d.messages.length === 0}>
        {(data) => (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col" className="num">Calls</th>
                <th scope="col">Services</th>
                <th scope="col">Last seen</th>
                <th scope="col">Example</th>
              </tr>
            </thead>
            <tbody>
              {data.messages.map((m) => (
                <tr key={m.message}>
                  <td className="mono wrap">{m.message || <em>(empty)</em>}</td>
                  <td className="num">{formatExact(m.count)}</td>
                  <td>{m.services.join(', ')}</td>
                  <td>{formatDateTime(m.lastSeen)}</td>
                  <td>
                    <Link to={`/calls/${m.exampleTraceId}/${m.exampleSpanId}${carried}`}>Open call</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </Panel>
  )
}
