import type { OtlpCodec, Signal } from '../otlp/index.ts'
import type { Logger } from 'pino'

export type { Signal }

export interface ExportResult {
  /** Records rejected one by one (partial success); 0 when all were kept. */
  rejected: number
  /** Why, for `partial_success.error_message`; '' when nothing was rejected. */
  message: string
}

/** What both OTLP receivers (HTTP, gRPC) are given: where to listen, the body limit, who may send, what answers. */
export interface ReceiverOptions {
  host: string
  port: number
  maxBodyBytes: number
  handler: ExportHandler
  authorize: (authorization: string | undefined) => boolean
  logger: Logger
}

export interface ExportHandler {
  /** Decodes, stores and resolves once the data is written. Throws an `IngestError` or `OtlpDecodeError`. */
  export(signal: Signal, codec: OtlpCodec, body: Uint8Array): Promise<ExportResult>
}

/**
 * A refusal the sender can act on. `retryAfterSeconds` marks it retryable (OTLP: 429/503 with
 * Retry-After; gRPC RESOURCE_EXHAUSTED/UNAVAILABLE with RetryInfo).
 */
export class IngestError extends Error {
  override readonly name = 'IngestError'
  constructor(
    readonly httpStatus: number,
    readonly grpcCode: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

/** gRPC status codes used by the receivers. */
export const GRPC = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const

export const overloaded = () =>
  new IngestError(429, GRPC.RESOURCE_EXHAUSTED, 'claimcheck is at its ingest queue limit; retry later', 1)
/**
 * The engine's error text stays in claimcheck's log: it may quote rows of other requests batched
 * into the same INSERT, so the sender only learns that the write failed.
 */
export const storeUnavailable = () =>
  new IngestError(503, GRPC.UNAVAILABLE, 'ClickHouse write failed, nothing from this request was kept; retry later (the cause is in claimcheck\'s log)', 5)
/** The store refuses writes for a reason of claimcheck's own (disk reserve, broken parts): safe to say. */
export const storeRefusing = (reason: string) =>
  new IngestError(503, GRPC.UNAVAILABLE, `ClickHouse write failed, nothing from this request was kept: ${reason}`, 5)
export const shuttingDown = () => new IngestError(503, GRPC.UNAVAILABLE, 'claimcheck is shutting down', 5)
