import type { OtlpCodec } from './otlp/index.ts'
import { DEFAULT_REDACTOR, normalizeLogs, normalizeTraces, type CallCandidate, type Redactor } from './normalize/index.ts'
import type { Signal } from './receive/export-handler.ts'

/** What normalize makes of one decoded request: rows for the raw table and gateway-call candidates. */
export interface NormalizedExport<C> {
  rows: unknown[][]
  candidates: C[]
  /** Records on the wire (kept + rejected), for the received counter. */
  received: number
  rejected: number
  rejectionMessage: string
}

export type NormalizeExport = (signal: Signal, codec: OtlpCodec, body: Uint8Array) => NormalizedExport<CallCandidate>

/** decode → normalize for one request body under a redaction policy: the pure part of ingest, shared by both receivers. */
export function createNormalizeExport(redactor: Redactor): NormalizeExport {
  return (signal, codec, body) => {
    if (signal === 'logs') {
      const decoded = codec.decodeLogs(body)
      const { rows, calls } = normalizeLogs(decoded.request, redactor)
      return { rows, candidates: calls, received: decoded.accepted + decoded.rejected, rejected: decoded.rejected, rejectionMessage: decoded.rejectionMessage }
    }
    const decoded = codec.decodeTraces(body)
    const { rows, calls } = normalizeTraces(decoded.request, redactor)
    return { rows, candidates: calls, received: decoded.accepted + decoded.rejected, rejected: decoded.rejected, rejectionMessage: decoded.rejectionMessage }
  }
}

/** decode → normalize under the default redaction policy. */
export const normalizeExport: NormalizeExport = createNormalizeExport(DEFAULT_REDACTOR)
