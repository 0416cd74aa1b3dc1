/** Starting points shown on the Query page: the questions people ask of these tables first. */
export const EXAMPLE_QUERIES: readonly { name: string; sql: string }[] = [
  {
    name: 'Failures by cause per minute (last hour)',
    sql: `SELECT toStartOfMinute(Timestamp) AS minute, Cause, count() AS failures
FROM gateway_calls
WHERE Timestamp >= now() - INTERVAL 1 HOUR AND Cause != ''
GROUP BY minute, Cause
ORDER BY minute`,
  },
  {
    name: 'Clients that never refresh their tokens',
    sql: `SELECT ClientId, count() AS expired_calls, uniq(Subject) AS subjects,
  round(avg(dateDiff('second', TokenExpiresAt, Timestamp))) AS avg_seconds_past_exp
FROM gateway_calls
WHERE Cause = 'expired' AND TokenExpiresAt IS NOT NULL AND Timestamp >= now() - INTERVAL 7 DAY
GROUP BY ClientId
ORDER BY expired_calls DESC
LIMIT 20`,
  },
  {
    name: 'Unknown subjects by tenant and issuer',
    sql: `SELECT Tenant, Issuer, uniq(Subject) AS subjects, count() AS failures, max(Timestamp) AS last_seen
FROM gateway_calls
WHERE Cause = 'unknown_sub' AND Timestamp >= now() - INTERVAL 1 DAY
GROUP BY Tenant, Issuer
ORDER BY failures DESC`,
  },
  {
    name: 'Unclassified error messages',
    sql: `SELECT ErrorMessage, count() AS calls, any(ServiceName) AS service
FROM gateway_calls
WHERE Cause = 'other' AND Timestamp >= now() - INTERVAL 1 DAY
GROUP BY ErrorMessage
ORDER BY calls DESC
LIMIT 50`,
  },
]
