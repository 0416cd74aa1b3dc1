import { describe, expect, it } from 'vitest'
import { MIGRATIONS, type Migration } from './migrations.ts'
import { qualify } from './ddl.ts'
import { schemaNames } from './columns.ts'

describe('schemaNames', () => {
  it('reads the tables and columns the migrations create, nested columns by their dotted names', () => {
    const { tables, columns } = schemaNames()
    expect(tables).toContain('gateway_calls')
    expect(tables).toContain('claimcheck_saved_queries')
    for (const column of ['Timestamp', 'Cause', 'Events.Timestamp', 'Links.TraceId', 'Start', 'Minute', 'DurationSum']) expect(columns).toContain(column)
    // Index names and the words of a column's type are not columns.
    for (const word of ['idx_trace_id', 'INDEX', 'Nested', 'Events', 'LowCardinality', 'CODEC']) expect(columns).not.toContain(word)
  })

  it('takes a column added by a later migration, with no list to edit', () => {
    const added: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'a new column',
      statements: (ctx) => [`ALTER TABLE ${qualify(ctx, 'gateway_calls')} ADD COLUMN IF NOT EXISTS GatewayRegion LowCardinality(String)`],
    }
    expect(schemaNames().columns).not.toContain('GatewayRegion')
    expect(schemaNames([...MIGRATIONS, added]).columns).toContain('GatewayRegion')
    const created: Migration = { ...added, statements: (ctx) => [`CREATE TABLE IF NOT EXISTS ${qualify(ctx, 'claimcheck_regions')} (Region String, Nodes Nested (Name String)) ENGINE = MergeTree ORDER BY Region`] }
    const names = schemaNames([created])
    expect(names.tables).toContain('claimcheck_regions')
    expect([...names.columns].filter((c) => c.startsWith('Region') || c.startsWith('Nodes'))).toEqual(['Region', 'Nodes.Name'])
  })

  it('reads nothing from no migrations but the bookkeeping tables', () => {
    expect([...schemaNames([]).tables]).toEqual(['claimcheck_migrations', 'claimcheck_meta'])
  })
})
