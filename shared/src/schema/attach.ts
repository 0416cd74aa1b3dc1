import { qualify, TABLES, type DdlContext } from './ddl.ts'
import { MIGRATIONS, type Migration } from './migrations.ts'

/**
 * Attach mode: the raw tables belong to the OpenTelemetry Collector's clickhouseexporter (its DDL,
 * engine and settings), so claimcheck creates and alters only its own tables there.
 */
export const EXPORTER_TABLES = [TABLES.logs, TABLES.traces, TABLES.traceIdTs, TABLES.traceIdTsMv] as const

/** The table or view a DDL statement creates or alters (its first qualified name). */
const TARGET_RE = /^(?:CREATE (?:TABLE|MATERIALIZED VIEW|VIEW)(?: IF NOT EXISTS)?|ALTER TABLE|DROP (?:TABLE|VIEW)(?: IF EXISTS)?|INSERT INTO|OPTIMIZE TABLE) (`[^`]+`\.`[^`]+`)/

/**
 * A statement is the exporter's when it creates or alters one of its tables; one that only reads
 * them (a cluster's `otel_logs_all AS otel_logs`) is claimcheck's own.
 */
function touchesExporterTable(ctx: DdlContext, statement: string): boolean {
  const target = TARGET_RE.exec(statement)?.[1]
  if (target === undefined) throw new Error(`attach: no target table in a migration statement: ${statement.slice(0, 80)}`)
  return EXPORTER_TABLES.some((table) => target === qualify(ctx, table))
}

/** The migrations with every statement that creates or alters an exporter table left out. */
export const ATTACH_MIGRATIONS: readonly Migration[] = MIGRATIONS.map((migration) => ({
  ...migration,
  statements: (ctx: DdlContext) => migration.statements(ctx).filter((statement) => !touchesExporterTable(ctx, statement)),
}))
