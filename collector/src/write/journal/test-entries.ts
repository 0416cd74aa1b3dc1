import type { Signal } from '../../receive/export-handler.ts'
import { toJsonCompactEachRow } from '../rows-text.ts'
import type { JournalEntry } from './ingest-journal.ts'

/** A journal entry of these rows, serialized as the prepare stage serializes them (tests). */
export function journalEntry(signal: Signal, rows: readonly unknown[][], token: string): JournalEntry {
  return { signal, data: Buffer.from(toJsonCompactEachRow(rows)), rowCount: rows.length, token }
}
