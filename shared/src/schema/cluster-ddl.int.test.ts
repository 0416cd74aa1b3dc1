import { readFileSync } from 'node:fs'
import { createClient } from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'
import { afterAll, describe, expect, it } from 'vitest'
import { MIGRATIONS, createBookkeeping } from './migrations.ts'
import { SHARDING_KEYS } from './distributed.ts'

// No ClickHouse cluster can run on this machine, so the ON CLUSTER / Replicated* DDL is checked
// the way it can be: every statement must parse in the real engine (EXPLAIN AST), and the
// committed deploy/clickhouse/cluster-schema.sql must be exactly what `migrate --print-sql` makes.

const ctx = { database: 'default', cluster: 'claimcheck' }
const statements = [...createBookkeeping(ctx), ...MIGRATIONS.flatMap((migration) => migration.statements(ctx))]
const client = createClient({ connection: createChdbConnection({ path: ':memory:' }) as never })
afterAll(() => client.close())

describe('cluster DDL', () => {
  it.each(statements.map((sql) => [sql.split('\n')[0]!, sql]))('parses: %s', async (_title, sql) => {
    const result = await client.query({ query: `EXPLAIN AST ${sql}`, format: 'TabSeparated' })
    const ast = await result.text()
    expect(ast).toMatch(/ON CLUSTER|CreateQuery|AlterQuery/i)
    expect(sql).toMatch(/ON CLUSTER `claimcheck`/)
    if (/^CREATE TABLE/.test(sql)) expect(sql).toMatch(/_all` ON CLUSTER[\s\S]*ENGINE = Distributed\(`claimcheck`, `default`, `\w+`, (cityHash64\(TraceId\)|rand\(\))\)$|ENGINE = Replicated/)
  })

  it('has a Distributed table over every sharded table, a trace\'s rows on one shard', () => {
    const distributed = statements.filter((sql) => sql.includes('ENGINE = Distributed'))
    expect(distributed.map((sql) => sql.match(/AS `default`\.`(\w+)`/)![1])).toEqual(Object.keys(SHARDING_KEYS))
    for (const table of ['otel_logs', 'otel_traces', 'gateway_calls']) expect(SHARDING_KEYS[table]).toBe('cityHash64(TraceId)')
    expect(MIGRATIONS.find((m) => m.version === 12)!.statements({ database: 'default' })).toEqual([])
  })

  it('matches the committed deploy/clickhouse/cluster-schema.sql', () => {
    const committed = readFileSync(new URL('../../../deploy/clickhouse/cluster-schema.sql', import.meta.url), 'utf8')
    expect(committed).toBe(`${statements.map((statement) => `${statement};`).join('\n\n')}\n`)
  })
})
