import type { OtlpCodec } from '../otlp/index.ts'
import type { CallCandidate } from '../normalize/index.ts'
import type { NormalizeExport } from '../pipeline.ts'
import type { Signal } from '../receive/export-handler.ts'
import { toJsonCompactEachRow } from '../write/rows-text.ts'

const UTF8 = new TextEncoder()

/** One request made ready for the journal: its raw rows as insert text, and its call candidates. */
export interface PreparedExport<C = CallCandidate> {
  /**
   * The raw rows in the journal's format (UTF-8 JSONCompactEachRow, one line per row), in a buffer
   * of its own: a prepare thread hands it over without a copy, and it never enters the V8 heap of
   * the event loop's thread.
   */
  data: Uint8Array
  rowCount: number
  candidates: C[]
  /** Records on the wire (kept + rejected), for the received counter. */
  received: number
  rejected: number
  rejectionMessage: string
}

/** decode → normalize → serialize: everything a request needs before its rows are journaled, and nothing stateful. */
export function prepareExport(normalize: NormalizeExport, signal: Signal, codec: OtlpCodec, body: Uint8Array): PreparedExport {
  const normalized = normalize(signal, codec, body)
  return {
    data: UTF8.encode(toJsonCompactEachRow(normalized.rows)),
    rowCount: normalized.rows.length,
    candidates: normalized.candidates,
    received: normalized.received,
    rejected: normalized.rejected,
    rejectionMessage: normalized.rejectionMessage,
  }
}
