import type { SubjectDirectoryConfig } from '@claimcheck/shared'

/**
 * The pure core every source shares: one record of the source (a CSV row, a JSON object, a
 * ClickHouse row, an HTTP answer) → what the directory says about the subject.
 */

export type SubjectFields = SubjectDirectoryConfig['fields']

export type PresentState = 'active' | 'disabled' | 'deleted'

export type SourceAnswer =
  | { found: false }
  | { found: true; state: PresentState; deletedAt: number | null; tenant: string | null }

export const NOT_FOUND: SourceAnswer = Object.freeze({ found: false })

/** A source could not answer (down, timed out, unreadable): never the same as "not found". */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError'
}

// Spellings seen in user stores (Supabase banned_until aside, which is a time): lowercase.
const DISABLED = new Set(['disabled', 'inactive', 'banned', 'blocked', 'suspended', 'locked', 'deactivated', 'false', '0', 'no'])
const DELETED = new Set(['deleted', 'removed', 'archived', 'gone', 'purged'])

/** A status value → state. Anything not recognised as disabled or deleted is a present account. */
export function normalizeStatus(value: unknown): PresentState {
  if (value === false || value === 0) return 'disabled'
  if (typeof value !== 'string') return 'active'
  const lowered = value.trim().toLowerCase()
  if (DELETED.has(lowered)) return 'deleted'
  if (DISABLED.has(lowered)) return 'disabled'
  return 'active'
}

const CLICKHOUSE_DATETIME_RE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?$/

/**
 * An instant from a source, epoch ms: epoch seconds or ms (number or digits), ISO 8601, or
 * ClickHouse's `YYYY-MM-DD hh:mm:ss` (read as UTC). Empty, zero (ClickHouse's default DateTime)
 * and unparseable values are null.
 */
export function parseInstant(value: unknown): number | null {
  if (value === null || value === undefined || value === '' || value === false) return null
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : undefined
  if (numeric !== undefined) {
    if (!Number.isFinite(numeric) || numeric <= 0) return null
    return Math.round(numeric < 1e11 ? numeric * 1000 : numeric)
  }
  if (typeof value !== 'string') return null
  const text = value.trim()
  const ms = Date.parse(CLICKHOUSE_DATETIME_RE.test(text) ? `${text.replace(' ', 'T')}Z` : text)
  return Number.isFinite(ms) && ms > 0 ? ms : null
}

/** `a.b.c` into nested objects; a key containing dots is tried whole first. */
export function readField(record: Record<string, unknown>, path: string): unknown {
  if (path === '') return undefined
  if (Object.hasOwn(record, path)) return record[path]
  let node: unknown = record
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

/** One record → its answer. A deletion time makes it deleted whatever the status says. */
export function toAnswer(record: Record<string, unknown>, fields: SubjectFields): SourceAnswer {
  const deletedAt = parseInstant(readField(record, fields.deletedAt))
  const status = fields.status === '' ? 'active' : normalizeStatus(readField(record, fields.status))
  return {
    found: true,
    state: deletedAt !== null ? 'deleted' : status,
    deletedAt,
    tenant: text(readField(record, fields.tenant)),
  }
}

/** The record's subject as text, for building an index of a file. */
export function subjectOf(record: Record<string, unknown>, fields: SubjectFields): string | null {
  return text(readField(record, fields.sub))
}
