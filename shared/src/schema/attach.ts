import { qualify, TABLES, type DdlContext } from './ddl.ts'
import { MIGRATIONS, type Migration } from './migrations.ts'

/**
 * Attach mode: the raw tables belong to the OpenTelemetry Collector's clickhouseexporter (its DDL,
 * engine and settings), so claimcheck creates and alters only its own tables there.
 */
export const EXPORTER_TABLES = [TABLES.logs, TABLES.traces, TABLES.traceIdTs, TABLES.traceIdTsMv] as const

function touchesExporterTable(ctx: DdlContext, statement: string): boolean {
  return EXPORTER_TABLES.some((table) => statement.includes(qualify(ctx, table)))
}

/** The migrations with every statement that creates or alters an exporter table left out. */
export const ATTACH_MIGRATIONS: readonly Migration[] = MIGRATIONS.map((migration) => ({
  ...migration,
  statements: (ctx: DdlContext) => migration.statements(ctx).filter((statement) => !touchesExporterTable(ctx, statement)),
}))
