import { sqlAdvice } from './sql-advice.ts'

/** A failed ad hoc query: what kind of failure, what to do, and ClickHouse's own words. */
export function SqlError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { kind, title, hint, message } = sqlAdvice(error)
  return (
    <div className="state state-error sql-error" role="alert" data-kind={kind}>
      <strong>{title}</strong>
      <div className="state-hint">{hint}</div>
      {message ? <pre className="sql-error-message">{message}</pre> : null}
      {kind === 'timeout' || kind === 'busy' || kind === 'other' ? (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  )
}
