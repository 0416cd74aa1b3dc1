import type { ReactNode } from 'react'
import { useIsFetching } from '@tanstack/react-query'
import { useTimeAnchor } from '../lib/use-view.ts'
import { formatClock, timestampTitle } from '../lib/time.ts'
import { TimeRangePicker } from './TimeRangePicker.tsx'
import { RefreshControl } from './RefreshControl.tsx'

/** When the view's `now` was resolved: every panel of the page answers for the range as of then. */
function AsOf() {
  const { nowMs } = useTimeAnchor()
  const fetching = useIsFetching() > 0
  return (
    <span className="as-of" title={`Every panel shows the range resolved at\n${timestampTitle(nowMs)}`} aria-live="polite">
      {fetching ? 'Updating…' : <>as of <time dateTime={new Date(nowMs).toISOString()}>{formatClock(nowMs, true)}</time></>}
    </span>
  )
}

export function PageHeader({
  title,
  crumbs,
  children,
  time = true,
}: {
  title: ReactNode
  crumbs?: ReactNode
  children?: ReactNode
  /** Whether the page has a time range (Query and Status do not use the shared one). */
  time?: boolean
}) {
  return (
    <header className="page-header">
      <div className="page-title">
        {crumbs ? <div className="crumbs">{crumbs}</div> : null}
        <h1>{title}</h1>
      </div>
      <div className="page-actions">
        {children}
        {time ? (
          <>
            <AsOf />
            <TimeRangePicker />
            <RefreshControl />
          </>
        ) : null}
      </div>
    </header>
  )
}
