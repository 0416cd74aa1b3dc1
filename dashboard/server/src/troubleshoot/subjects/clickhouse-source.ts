import type { ClickHouseClient } from '@clickhouse/client'
import type { z } from 'zod'
import type { ClickHouseSubjectSourceSchema } from '@claimcheck/shared'
import { configuredIdent, join, param, readRows, sql, type Fragment } from '@claimcheck/shared/node'
import { NOT_FOUND, SourceUnavailableError, toAnswer, type SubjectFields } from './record.ts'
import type { SubjectSource } from './source.ts'

type ClickHouseSourceConfig = z.infer<typeof ClickHouseSubjectSourceSchema>

// Output names are fixed, so a configured column name never becomes an alias.
const OUTPUT = { status: sql`status`, deletedAt: sql`deletedAt`, tenant: sql`tenant` } as const
const OPTIONAL = ['status', 'deletedAt', 'tenant'] as const

/**
 * The lookup of one subject: the configured columns of the configured table, view or dictionary,
 * the sub as a parameter. Times come back in UTC (`session_timezone` for this query only), so a
 * DateTime column reads the same on every server.
 */
export function buildSubjectQuery(config: ClickHouseSourceConfig, subject: string): Fragment {
  const columns = [sql`1 AS found`]
  for (const field of OPTIONAL) {
    const column = config.fields[field]
    if (column !== '') columns.push(sql`${configuredIdent(column)} AS ${OUTPUT[field]}`)
  }
  return sql`SELECT ${join(columns, sql`, `)} FROM ${configuredIdent(config.table)} WHERE ${configuredIdent(config.fields.sub)} = ${param(subject, 'String')} LIMIT 1 SETTINGS session_timezone = 'UTC'`
}

/** Subjects in a ClickHouse table or dictionary, read through the dashboard's read connection. */
export function createClickHouseSource(config: ClickHouseSourceConfig, reader: ClickHouseClient, timeoutMs = 5_000): SubjectSource {
  // The row's fields have the output names; the ones the table lacks stay unread.
  const fields: SubjectFields = {
    sub: 'sub',
    status: config.fields.status === '' ? '' : 'status',
    deletedAt: config.fields.deletedAt === '' ? '' : 'deletedAt',
    tenant: config.fields.tenant === '' ? '' : 'tenant',
  }
  return {
    kind: 'clickhouse',
    target: config.table,
    async lookup(subject) {
      let rows: Record<string, unknown>[]
      try {
        rows = await readRows<Record<string, unknown>>(reader, buildSubjectQuery(config, subject), { signal: AbortSignal.timeout(timeoutMs) })
      } catch (error) {
        const message = error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 300) : 'query failed'
        throw new SourceUnavailableError(`ClickHouse ${config.table}: ${message}`)
      }
      const [row] = rows
      return row ? toAnswer(row, fields) : NOT_FOUND
    },
  }
}
