import { describe, expect, it } from 'vitest'
import { ATTACH_MIGRATIONS, EXPORTER_TABLES } from './attach.ts'
import { qualify, schemaContext, tableName, TABLES } from './ddl.ts'
import { createDistributedTables, qualifyRead, readTableName } from './distributed.ts'

const renamed = schemaContext({ database: 'otel', logsTableName: 'gw_logs', tracesTableName: 'gw_spans' })
const cluster = { ...renamed, cluster: 'main' }

describe('table names', () => {
  it('follows the exporter\'s logs_table_name / traces_table_name, its trace-id lookup included', () => {
    expect([TABLES.logs, TABLES.traces, TABLES.traceIdTs, TABLES.traceIdTsMv, TABLES.calls].map((t) => tableName(renamed, t)))
      .toEqual(['gw_logs', 'gw_spans', 'gw_spans_trace_id_ts', 'gw_spans_trace_id_ts_mv', 'gateway_calls'])
    expect(qualify(renamed, TABLES.traces)).toBe('`otel`.`gw_spans`')
    expect(tableName({ database: 'default' }, TABLES.logs)).toBe('otel_logs')
  })

  it('reads the _all table of every data table on a cluster, never of a column or a bookkeeping table', () => {
    expect(readTableName(cluster, TABLES.calls)).toBe('gateway_calls_all')
    expect(readTableName(cluster, TABLES.logs)).toBe('gw_logs_all')
    expect(qualifyRead(cluster, TABLES.callsRollup)).toBe('`otel`.`gateway_calls_1m_all`')
    expect(readTableName(renamed, TABLES.calls)).toBe('gateway_calls')
    for (const name of [TABLES.migrations, TABLES.alertRules, 'Timestamp', 'toString', 'constructor']) expect(readTableName(cluster, name)).toBe(name)
  })

  it('names the Distributed tables the way reads name them', () => {
    const statements = createDistributedTables(cluster)
    expect(statements.some((s) => s.startsWith('CREATE TABLE IF NOT EXISTS `otel`.`gw_logs_all` ON CLUSTER `main` AS `otel`.`gw_logs`'))).toBe(true)
    expect(statements.some((s) => s.includes('Distributed(`main`, `otel`, `gw_spans`, cityHash64(TraceId))'))).toBe(true)
  })
})

describe('attach mode on a cluster', () => {
  it('creates the _all tables over the exporter\'s tables, and never creates or alters those', () => {
    const statements = ATTACH_MIGRATIONS.flatMap((migration) => migration.statements(cluster))
    expect(statements.filter((s) => /^CREATE TABLE IF NOT EXISTS `otel`\.`gw_\w+_all`/.test(s)).length).toBe(3)
    const exporters = EXPORTER_TABLES.map((t) => qualify(cluster, t))
    expect(statements.filter((s) => exporters.some((name) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${name} `) || s.startsWith(`ALTER TABLE ${name} `) || s.includes(`VIEW IF NOT EXISTS ${name}`)))).toEqual([])
  })
})
