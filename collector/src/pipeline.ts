import type { OtlpCodec } from './otlp/index.ts'
import { normalizeLogs, normalizeTraces, type CallCandidate } from './normalize/index.ts'
import type { NormalizedExport } from './ingest.ts'
import type { Signal } from './receive/export-handler.ts'

/** decode → normalize for one request body: the pure part of ingest, shared by both receivers. */
export function normalizeExport(signal: Signal, codec: OtlpCodec, body: Uint8Array): NormalizedExport<CallCandidate> {
  if (signal === 'logs') {
    const decoded = codec.decodeLogs(body)
    const { rows, calls } = normalizeLogs(decoded.request)
    return { rows, candidates: calls, received: decoded.accepted + decoded.rejected, rejected: decoded.rejected, rejectionMessage: decoded.rejectionMessage }
  }
  const decoded = codec.decodeTraces(body)
  const { rows, calls } = normalizeTraces(decoded.request)
  return { rows, candidates: calls, received: decoded.accepted + decoded.rejected, rejected: decoded.rejected, rejectionMessage: decoded.rejectionMessage }
}
