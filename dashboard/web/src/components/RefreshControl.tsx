import { useIsFetching } from '@tanstack/react-query'
import { useTimeAnchor, useView } from '../lib/use-view.ts'
import { REFRESH_INTERVALS, type RefreshInterval } from '../lib/view-state.ts'
import { IconRefresh } from './Icons.tsx'

export function RefreshControl() {
  const { view, update } = useView()
  const { refresh } = useTimeAnchor()
  const fetching = useIsFetching() > 0
  return (
    <div className="refresh-control" role="group" aria-label="Refresh">
      <button type="button" className="btn btn-icon" onClick={refresh} aria-label="Refresh now" title="Refresh now">
        <IconRefresh className={fetching ? 'spin' : undefined} />
      </button>
      <label className="sr-only" htmlFor="auto-refresh">
        Auto refresh
      </label>
      <select
        id="auto-refresh"
        className="select"
        value={view.refresh}
        onChange={(e) => update({ refresh: e.target.value as RefreshInterval }, { replace: true })}
        title="Auto refresh"
      >
        {Object.keys(REFRESH_INTERVALS).map((key) => (
          <option key={key} value={key}>
            {key === 'off' ? 'Auto: off' : `Every ${key}`}
          </option>
        ))}
      </select>
    </div>
  )
}
