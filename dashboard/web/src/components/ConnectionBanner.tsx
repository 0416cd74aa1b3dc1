import { useEffect, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { probeNow, useConnection, watchRecovery } from '../lib/connection.ts'
import { formatClock, timestampTitle } from '../lib/time.ts'

/** `GET /api/health` answers (any status but a proxy's 502/504) means the server is back. */
async function probeHealth(): Promise<boolean> {
  try {
    const response = await fetch('/api/health', { cache: 'no-store' })
    return response.status !== 502 && response.status !== 504
  } catch {
    return false
  }
}

/**
 * The one place that says the server is unreachable: panels keep their last data (dimmed), this
 * banner counts down to the next probe, and the first successful probe refetches everything.
 */
export function ConnectionBanner() {
  const connection = useConnection()
  const queryClient = useQueryClient()
  const [, tick] = useState(0)

  useEffect(() => watchRecovery(probeHealth, () => void queryClient.invalidateQueries()), [queryClient])
  useEffect(() => {
    if (connection.online) return
    const id = setInterval(() => tick((n) => n + 1), 1000)
    return () => clearInterval(id)
  }, [connection.online])

  if (connection.online) return null
  const seconds = connection.nextProbeAt === undefined ? undefined : Math.max(0, Math.ceil((connection.nextProbeAt - Date.now()) / 1000))
  return (
    <div className="connection-banner" role="alert" aria-live="assertive">
      <strong>Cannot reach the claimcheck server</strong>
      <span>
        {connection.since ? (
          <>
            since <time title={timestampTitle(connection.since)}>{formatClock(connection.since, true)}</time>.{' '}
          </>
        ) : null}
        The figures below are the last ones received. {seconds === undefined ? 'Checking…' : `Checking again in ${seconds} s.`}
      </span>
      <button type="button" className="btn btn-sm" onClick={probeNow}>
        Retry now
      </button>
    </div>
  )
}
