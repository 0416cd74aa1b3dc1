import type { Logger } from 'pino'
import { TABLES, type AuditLogEntry } from '@claimcheck/shared'
import { param, qualifiedTable, readRows, sql, type Store } from '@claimcheck/shared/node'
import { renderWhere } from '../api/sql/clauses.ts'

export type AuditRecord = Omit<AuditLogEntry, 'timestamp'> & { timestamp?: number }

const seconds = (ms: number) => (ms / 1000).toFixed(3)

/**
 * The audit log: every change made through the API and every sign-in, with who, what, when and
 * from where. Request bodies are never recorded (they may hold passwords), only the route and its
 * parameters. Writes are fire-and-forget with an error log: a failed audit write must not turn a
 * change that happened into an error answer.
 */
export class AuditLog {
  private pending = new Set<Promise<void>>()
  constructor(private readonly store: Store, private readonly logger: Logger) {}

  record(entry: AuditRecord): void {
    const write = this.store.writer.insert({
      table: TABLES.auditLog,
      values: [{
        Timestamp: seconds(entry.timestamp ?? Date.now()), Actor: entry.actor, ActorKind: entry.actorKind, Role: entry.role, Action: entry.action,
        Target: entry.target, Status: entry.status, ClientAddress: entry.clientAddress, UserAgent: entry.userAgent.slice(0, 500),
      }],
      format: 'JSONEachRow',
    }).then(() => undefined, (error: unknown) => this.logger.error({ err: error, action: entry.action, actor: entry.actor }, 'audit log write failed'))
    this.pending.add(write)
    void write.finally(() => this.pending.delete(write))
  }

  /** Resolves when every recorded entry is written (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending])
  }

  async list(query: { limit: number; actor?: string | undefined; before?: number | undefined }): Promise<AuditLogEntry[]> {
    const where = [
      ...(query.actor ? [sql`Actor = ${param(query.actor, 'String')}`] : []),
      ...(query.before ? [sql`Timestamp < fromUnixTimestamp64Milli(${param(query.before, 'Int64')})`] : []),
    ]
    const rows = await readRows<Record<string, unknown>>(this.store.reader, sql`SELECT toUnixTimestamp64Milli(Timestamp) AS timestamp, Actor AS actor, ActorKind AS actorKind, Role AS role, Action AS action,
  Target AS target, Status AS status, ClientAddress AS clientAddress, UserAgent AS userAgent
FROM ${qualifiedTable(this.store.schema, TABLES.auditLog)}
${renderWhere(where)}
ORDER BY Timestamp DESC LIMIT ${param(query.limit, 'UInt32')}`)
    return rows.map((row) => ({ ...row, timestamp: Number(row.timestamp), status: Number(row.status) }) as AuditLogEntry)
  }
}
