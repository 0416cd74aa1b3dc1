import type { RedactionConfig } from '@claimcheck/shared'
import type { Signal } from '../receive/export-handler.ts'
import type { PreparedExport } from './prepared-export.ts'

/** What a prepare thread starts with. */
export interface PrepareWorkerData {
  redaction: RedactionConfig
}

export interface PrepareRequest {
  id: number
  signal: Signal
  codec: 'protobuf' | 'json'
  /** The request body, transferred (a copy the thread owns). */
  body: Uint8Array
}

/** Masked occurrences since the last answer, per field and rule, for `claimcheck_redactions_total`. */
export type RedactionCounts = [field: string, rule: string, count: number][]

/** Each answer also carries the thread's V8 heap size (bytes), for the process's memory breakdown. */
export type PrepareResponse =
  | { id: number; ok: true; prepared: PreparedExport; redactions: RedactionCounts; heapBytes: number }
  /** `decode` marks an OtlpDecodeError (answered 400 with its message); anything else is the thread's own failure. */
  | { id: number; ok: false; decode: boolean; message: string; redactions: RedactionCounts; heapBytes: number }

/** Sent once the thread has loaded its modules, so the first request does not pay for it. */
export const READY = 'ready'
