import type { ReactNode } from 'react'
import { ApiError } from '../api/client.ts'

export function Loading({ label = 'Loading', compact = false }: { label?: string; compact?: boolean }) {
  return (
    <div className={`state state-loading${compact ? ' compact' : ''}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  )
}

/** A skeleton block for charts and tables while their first data loads. */
export function Skeleton({ height = 160, label = 'Loading' }: { height?: number; label?: string }) {
  return (
    <div className="skeleton" style={{ height }} role="status" aria-label={label}>
      <span className="sr-only">{label}…</span>
    </div>
  )
}

export function Empty({ title, children, compact = false }: { title: string; children?: ReactNode; compact?: boolean }) {
  return (
    <div className={`state state-empty${compact ? ' compact' : ''}`}>
      <strong>{title}</strong>
      {children ? <div className="state-hint">{children}</div> : null}
    </div>
  )
}

/** What went wrong and what to do about it. */
export function adviceFor(error: unknown): { title: string; hint: string } {
  if (error instanceof ApiError) {
    if (error.status === 401) return { title: 'Not signed in', hint: `${error.message}. Your session may have ended: sign in again.` }
    if (error.status === 403 && error.code === 'forbidden') return { title: 'Your role does not allow this', hint: `${error.message}. Ask an admin for a role that does.` }
    if (error.code === 'network') return { title: 'Cannot reach the claimcheck server', hint: 'Check that `claimcheck start` is running, then retry.' }
    if (error.status === 404) return { title: 'Not found', hint: `${error.message}. It may be outside the retention period, or the link is wrong.` }
    if (error.status === 400 || error.code === 'invalid_request') return { title: 'The request was not accepted', hint: `${error.message}. Fix or remove the filter and retry.` }
    if (error.status === 408 || error.status === 413) return { title: 'The query was too expensive', hint: `${error.message}. Narrow the time range or add filters.` }
    if (error.status === 503) return { title: 'The database is not available', hint: 'ClickHouse is not answering yet. Retry in a moment; the Status page shows the store.' }
    if (error.code === 'bad_response') return { title: 'Unexpected response', hint: `${error.message}. The server and dashboard versions may differ: reload the page.` }
    return { title: 'The server reported an error', hint: `${error.message}. Retry; if it persists, check the server log.` }
  }
  return { title: 'Something went wrong', hint: error instanceof Error ? error.message : 'Retry, or reload the page.' }
}

export function ErrorState({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { title, hint } = adviceFor(error)
  return (
    <div className={`state state-error${compact ? ' compact' : ''}`} role="alert">
      <strong>{title}</strong>
      <div className="state-hint">{hint}</div>
      {onRetry ? (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  )
}

interface QueryLike<T> {
  data: T | undefined
  error: unknown
  isPending: boolean
  refetch: () => unknown
}

/** Renders loading / error / empty / data for one query, so every panel says what to do. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  loading,
  children,
  compact = false,
}: {
  query: QueryLike<T>
  isEmpty?: (data: T) => boolean
  empty?: ReactNode
  loading?: ReactNode
  children: (data: T) => ReactNode
  compact?: boolean
}) {
  if (query.isPending) return <>{loading ?? <Loading compact={compact} />}</>
  if (query.error || query.data === undefined) return <ErrorState error={query.error} onRetry={() => void query.refetch()} compact={compact} />
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty title="No data" compact={compact} />}</>
  return <>{children(query.data)}</>
}
