import type { BackoffPolicy } from '@claimcheck/shared'
import { DEDUPLICATED_INSERT_SETTINGS } from '@claimcheck/shared'

/**
 * How the collector's retried writes wait: ceilings 250 ms doubling to 5 s, full jitter, so
 * collectors that lost the store together do not retry together. One policy for journal
 * segments and gateway_calls batches.
 */
export const STORE_RETRY_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 5_000 }

/** A single-quoted SQL string literal. */
export const sqlLiteral = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/**
 * `INSERT INTO table (columns) [from] SETTINGS … FORMAT JSONCompactEachRow`, deduplicated by
 * `token`: the same token again is dropped by the table and completes the views a first attempt
 * missed. `from` is `FROM INFILE '…'`, or empty when the rows follow the statement.
 */
export function deduplicatedInsertStatement(table: string, columns: readonly string[], token: string, from = ''): string {
  const source = from ? ` ${from}` : ''
  return `INSERT INTO ${table} (${columns.map((column) => `\`${column}\``).join(', ')})${source} SETTINGS ${DEDUPLICATED_INSERT_SETTINGS}, insert_deduplication_token = ${sqlLiteral(token)} FORMAT JSONCompactEachRow`
}
