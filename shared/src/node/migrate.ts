import type { ClickHouseClient } from '@clickhouse/client'
import type { z } from 'zod'
import type { RetentionConfigSchema } from '../config.ts'
import { qualify, TABLES, TTL_COLUMNS, ttlClause, type DdlContext } from '../schema/ddl.ts'
import { checksumMigration, createBookkeeping, MIGRATIONS, type Migration } from '../schema/migrations.ts'
import { describeError, StartupError } from './errors.ts'

export type Retention = z.infer<typeof RetentionConfigSchema>

export interface MigrationReport {
  /** Versions applied by this run, in order. */
  applied: number[]
  /** Highest version now in place. */
  current: number
  /** Tables whose TTL this run changed. */
  retentionChanged: string[]
  /** Released migrations whose SQL differs from what was recorded (edited after release). */
  drifted: number[]
}

/**
 * Brings the schema to the newest version and the TTLs to the configured retention. Safe to run
 * any number of times and from several processes: every statement is `IF NOT EXISTS`.
 */
export async function runMigrations(
  client: ClickHouseClient,
  ctx: DdlContext,
  retention: Retention,
  migrations: readonly Migration[] = MIGRATIONS,
  /** Tables whose TTL is not claimcheck's to set (attach mode: the exporter's tables). */
  foreignTables: readonly string[] = [],
): Promise<MigrationReport> {
  for (const statement of createBookkeeping(ctx)) await execute(client, statement, 'bookkeeping tables')
  const recorded = await readApplied(client, ctx)
  const applied: number[] = []
  const drifted: number[] = []
  for (const migration of migrations) {
    const checksum = checksumMigration(migration, ctx)
    const previous = recorded.get(migration.version)
    if (previous !== undefined) {
      if (previous !== checksum) drifted.push(migration.version)
      continue
    }
    for (const statement of migration.statements(ctx)) {
      await execute(client, statement, `migration ${migration.version} (${migration.name})`)
    }
    await client.insert({
      table: qualify(ctx, TABLES.migrations),
      values: [{ Version: migration.version, Name: migration.name, Checksum: checksum }],
      format: 'JSONEachRow',
    })
    applied.push(migration.version)
  }
  const retentionChanged = await applyRetention(client, ctx, retention, foreignTables)
  return { applied, current: Math.max(0, ...migrations.map((m) => m.version)), retentionChanged, drifted }
}

async function readApplied(client: ClickHouseClient, ctx: DdlContext): Promise<Map<number, string>> {
  const result = await client.query({
    query: `SELECT Version, argMax(Checksum, AppliedAt) AS Checksum FROM ${qualify(ctx, TABLES.migrations)} GROUP BY Version`,
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ Version: number; Checksum: string }>()
  return new Map(rows.map((row) => [Number(row.Version), row.Checksum]))
}

/** Desired TTL per retained table, from the retention config. */
export function desiredTtls(retention: Retention): Record<string, string> {
  const days: Record<string, number> = {
    [TABLES.logs]: retention.logsDays,
    [TABLES.traces]: retention.tracesDays,
    [TABLES.traceIdTs]: retention.tracesDays,
    [TABLES.calls]: retention.callsDays,
    [TABLES.callsRollup]: retention.rollupDays,
    [TABLES.principalsRollup]: retention.rollupDays,
    [TABLES.subjectFailuresRollup]: retention.rollupDays,
  }
  return Object.fromEntries(
    Object.entries(TTL_COLUMNS).map(([table, column]) => [table, ttlClause(column, days[table] ?? 0)]),
  )
}

/** Alters only the TTLs that differ from the last applied ones (kept in `claimcheck_meta`). */
async function applyRetention(client: ClickHouseClient, ctx: DdlContext, retention: Retention, foreignTables: readonly string[]): Promise<string[]> {
  const result = await client.query({
    query: `SELECT Key, argMax(Value, UpdatedAt) AS Value FROM ${qualify(ctx, TABLES.meta)} WHERE startsWith(Key, 'ttl.') GROUP BY Key`,
    format: 'JSONEachRow',
  })
  const current = new Map((await result.json<{ Key: string; Value: string }>()).map((row) => [row.Key, row.Value]))
  const changed: string[] = []
  for (const [table, ttl] of Object.entries(desiredTtls(retention))) {
    if (foreignTables.includes(table)) continue
    const key = `ttl.${table}`
    if ((current.get(key) ?? '') === ttl) continue
    const cluster = ctx.cluster ? ` ON CLUSTER \`${ctx.cluster}\`` : ''
    // Parts past the TTL are dropped whole on merge (ttl_only_drop_parts), so no rewrite is needed.
    const alter = ttl
      ? `ALTER TABLE ${qualify(ctx, table)}${cluster} MODIFY ${ttl} SETTINGS materialize_ttl_after_modify = 0`
      : `ALTER TABLE ${qualify(ctx, table)}${cluster} REMOVE TTL`
    if (ttl || current.has(key)) await execute(client, alter, `retention of ${table}`)
    await client.insert({ table: qualify(ctx, TABLES.meta), values: [{ Key: key, Value: ttl }], format: 'JSONEachRow' })
    changed.push(table)
  }
  return changed
}

async function execute(client: ClickHouseClient, query: string, what: string): Promise<void> {
  try {
    await client.command({ query })
  } catch (error) {
    throw new StartupError(`Schema ${what} failed: ${describeError(error)}`, { cause: error })
  }
}
