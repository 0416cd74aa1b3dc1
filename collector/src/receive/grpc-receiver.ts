import * as grpc from '@grpc/grpc-js'
import { OtlpDecodeError, PROTOBUF_CODEC } from '../otlp/index.ts'
import { GRPC, IngestError, type ExportResult, type ReceiverOptions, type Signal } from './export-handler.ts'

export interface GrpcReceiverOptions extends ReceiverOptions {
  onResponse?: (signal: Signal, code: number) => void
}

export interface GrpcReceiver {
  port: number
  close(): Promise<void>
}

const SERVICES: Record<Signal, { service: string; path: string }> = {
  logs: { service: 'opentelemetry.proto.collector.logs.v1.LogsService', path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export' },
  traces: { service: 'opentelemetry.proto.collector.trace.v1.TraceService', path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' },
}

const identity = (buffer: Buffer) => buffer

/**
 * OTLP/gRPC. Messages pass through grpc-js as raw bytes (identity (de)serializers) and are decoded
 * by the same protobuf decoder as OTLP/HTTP; grpc-js itself handles `grpc-encoding: gzip`.
 */
export async function startGrpcReceiver(options: GrpcReceiverOptions): Promise<GrpcReceiver> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxBodyBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  })
  for (const signal of Object.keys(SERVICES) as Signal[]) {
    const definition: grpc.ServiceDefinition = {
      Export: {
        path: SERVICES[signal].path,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    }
    server.addService(definition, { Export: exportHandler(signal, options) })
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(Object.assign(error, { code: 'EADDRINUSE', port: options.port })) : resolve(bound),
    )
  })
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Let in-flight exports finish, but not for long: a stop must fit in an orchestrator's grace
        // period, and senders retry what was not acknowledged.
        const force = setTimeout(() => server.forceShutdown(), 2_000)
        server.tryShutdown(() => {
          clearTimeout(force)
          resolve()
        })
      }),
  }
}

function exportHandler(signal: Signal, options: GrpcReceiverOptions): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    const [authorization] = call.metadata.get('authorization')
    if (!options.authorize(typeof authorization === 'string' ? authorization : authorization?.toString())) {
      options.onResponse?.(signal, GRPC.UNAUTHENTICATED)
      return callback({ code: GRPC.UNAUTHENTICATED, details: 'missing or invalid ingest token (authorization: Bearer <token>)' })
    }
    options.handler.export(signal, PROTOBUF_CODEC, call.request).then(
      (result) => {
        options.onResponse?.(signal, GRPC.OK)
        callback(null, Buffer.from(encodeResponse(signal, result)))
      },
      (error: unknown) => {
        const { code, details } = toGrpcError(error)
        if (code === GRPC.INTERNAL) options.logger.error({ err: error }, 'OTLP/gRPC export failed')
        options.onResponse?.(signal, code)
        const metadata = new grpc.Metadata()
        if (error instanceof IngestError && error.retryAfterSeconds) metadata.set('retry-after', String(error.retryAfterSeconds))
        callback({ code, details, metadata })
      },
    )
  }
}

function encodeResponse(signal: Signal, result: ExportResult): Uint8Array {
  const partial = result.rejected > 0 || result.message ? { rejected: result.rejected, errorMessage: result.message } : undefined
  return signal === 'logs' ? PROTOBUF_CODEC.encodeLogsResponse(partial) : PROTOBUF_CODEC.encodeTracesResponse(partial)
}

function toGrpcError(error: unknown): { code: number; details: string } {
  if (error instanceof OtlpDecodeError) return { code: GRPC.INVALID_ARGUMENT, details: error.message }
  if (error instanceof IngestError) return { code: error.grpcCode, details: error.message }
  return { code: GRPC.INTERNAL, details: 'internal error' }
}
