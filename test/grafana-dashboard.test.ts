import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigSchema } from '@claimcheck/shared'
import { openStore, runMigrations, type Store } from '@claimcheck/shared/node'

// The Grafana dashboard (deploy/grafana/claimcheck-dashboard.json) checked statically: no
// Grafana here, so every query, its grafana-clickhouse-datasource macros expanded as the plugin
// expands them, runs on the embedded engine against the migrated schema.

const dashboard = JSON.parse(readFileSync(join(import.meta.dirname, '../deploy/grafana/claimcheck-dashboard.json'), 'utf8'))
let store: Store

beforeAll(async () => {
  const config = ConfigSchema.parse({ store: { dataDir: mkdtempSync(join(tmpdir(), 'claimcheck-grafana-')) } })
  store = await openStore(config.store)
  await runMigrations(store.writer, { database: config.store.database }, config.retention)
})
afterAll(async () => store?.close())

/** `$__timeFilter(col)` → `col >= toDateTime(from) AND col <= toDateTime(to)` (the plugin's expansion); variables → values. */
function expand(sql: string): string {
  return sql
    .replace(/\$__timeFilter\((\w+)\)/g, '$1 >= toDateTime(1764680000) AND $1 <= toDateTime(1764700000)')
    .replace(/\$\{service:singlequote\}/g, "'api-gateway', 'orders'")
}

const queries: { title: string; sql: string }[] = [
  ...dashboard.panels.flatMap((panel: any) => panel.targets.map((t: any) => ({ title: panel.title, sql: t.rawSql }))),
  ...dashboard.templating.list.filter((v: any) => v.type === 'query').map((v: any) => ({ title: `variable ${v.name}`, sql: v.query })),
]

describe('deploy/grafana/claimcheck-dashboard.json', () => {
  it('uses the grafana-clickhouse-datasource plugin for every panel, through a datasource variable', () => {
    expect(dashboard.__requires.map((r: any) => r.id)).toContain('grafana-clickhouse-datasource')
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: 'grafana-clickhouse-datasource', uid: '${datasource}' })
      for (const target of panel.targets) expect(target.editorType).toBe('sql')
    }
    expect(queries.length).toBeGreaterThanOrEqual(6)
  })

  it('reads gateway_calls, the per-minute rollup and otel_logs (on its key column TimestampTime)', () => {
    const all = queries.map((q) => q.sql).join('\n')
    expect(all).toMatch(/FROM gateway_calls_1m/)
    expect(all).toMatch(/FROM gateway_calls\n/)
    expect(all).toMatch(/FROM otel_logs\nWHERE \$__timeFilter\(TimestampTime\)/)
  })

  for (const { title, sql } of queries) {
    it(`runs "${title}" against the schema`, async () => {
      const result = await store.reader.query({ query: expand(sql), format: 'JSONEachRow' })
      expect(Array.isArray(await result.json())).toBe(true)
    })
  }
})
