import type { ReactNode } from 'react'
import { TimeRangePicker } from './TimeRangePicker.tsx'
import { RefreshControl } from './RefreshControl.tsx'

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
            <TimeRangePicker />
            <RefreshControl />
          </>
        ) : null}
      </div>
    </header>
  )
}
