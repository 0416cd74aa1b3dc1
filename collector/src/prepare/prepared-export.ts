import type { OtlpCodec } from '../otlp/index.ts'
import type { CallCandidate } from '../normalize/index.ts'
import type { NormalizeExport } from '../pipeline.ts'
import type { Signal } from '../receive/export-handler.ts'
import { toJsonCompactEachRow } from '../write/rows-text.ts'

/** One request made ready for the journal: its raw rows as insert text, and its call candidates. */
export interface PreparedExport<C = CallCandidate> {
  /** The raw rows in the journal's format (JSONCompactEachRow), one line per row. */
  text: string
  rowCount: number
  candidates: C[]
  /** Records on the wire (kept + rejected), for the received counter. */
  received: number
  rejected: number
  rejectionMessage: string
}

export type PrepareExport = (signal: Signal, codec: OtlpCodec, body: Uint8Array) => Promise<PreparedExport>

/** decode → normalize → serialize: everything a request needs before its rows are journaled, and nothing stateful. */
export function prepareExport(normalize: NormalizeExport, signal: Signal, codec: OtlpCodec, body: Uint8Array): PreparedExport {
  const normalized = normalize(signal, codec, body)
  return {
    text: toJsonCompactEachRow(normalized.rows),
    rowCount: normalized.rows.length,
    candidates: normalized.candidates,
    received: normalized.received,
    rejected: normalized.rejected,
    rejectionMessage: normalized.rejectionMessage,
  }
}
