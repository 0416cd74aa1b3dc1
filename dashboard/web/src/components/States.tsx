import { useRef, type ReactNode } from 'react'
import { ApiError, isUnreachable } from '../api/client.ts'

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
  /** Data of the previous parameters (another range or filter) shown while the new one loads. */
  isPlaceholderData?: boolean
  isFetching?: boolean
  refetch: () => unknown
}

/** Whether a panel's data is not (or no longer) the answer for what the page says. */
export function isStale(query: Pick<QueryLike<unknown>, 'data' | 'error' | 'isPlaceholderData'>): boolean {
  return query.data !== undefined && (Boolean(query.isPlaceholderData) || Boolean(query.error))
}

/**
 * The query's data, or the last data this panel showed while the server is unreachable: a
 * refresh during an outage asks under a new key and gets an error with no placeholder, and the
 * figures must stay on screen (dimmed) rather than turn into a spinner.
 */
export function useKeptData<T>(query: Pick<QueryLike<T>, 'data' | 'error' | 'isPlaceholderData'>): { data: T | undefined; stale: boolean } {
  const last = useRef<T | undefined>(undefined)
  if (query.data !== undefined) {
    if (!query.isPlaceholderData && !query.error) last.current = query.data
    return { data: query.data, stale: isStale(query) }
  }
  if (isUnreachable(query.error) && last.current !== undefined) return { data: last.current, stale: true }
  return { data: undefined, stale: false }
}

/** `from-to` of a response's meta: which range a panel's numbers are for (the browser tests read it). */
function rangeOf(data: unknown): string | undefined {
  const meta = (data as { meta?: { from?: unknown; to?: unknown } } | undefined)?.meta
  return typeof meta?.from === 'number' && typeof meta.to === 'number' ? `${meta.from}-${meta.to}` : undefined
}

/**
 * Wraps data that may be stale: dimmed and marked busy while a new range loads, or while the
 * server is away (the connection banner explains), so old numbers never pass for current ones.
 */
export function DataFrame({ data, stale, children }: { data: unknown; stale: boolean; children: ReactNode }) {
  return (
    <div className={`data-frame${stale ? ' data-stale' : ''}`} data-range={rangeOf(data)} aria-busy={stale || undefined}>
      {children}
    </div>
  )
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
  const { data, stale } = useKeptData(query)
  if (data === undefined) {
    // Unreachable server: the banner says it once; the panel waits, it does not repeat it.
    if (query.isPending || isUnreachable(query.error)) return <>{loading ?? <Loading compact={compact} />}</>
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} compact={compact} />
  }
  // A new answer failed for another reason (bad filter…): say so above the dimmed old data.
  const failed = query.error && !isUnreachable(query.error) ? <ErrorState error={query.error} onRetry={() => void query.refetch()} compact /> : null
  if (isEmpty?.(data)) return <DataFrame data={data} stale={stale}>{failed}{empty ?? <Empty title="No data" compact={compact} />}</DataFrame>
  return <DataFrame data={data} stale={stale}>{failed}{children(data)}</DataFrame>
}
