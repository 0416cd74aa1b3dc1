/**
 * A request that cannot be decoded at all (bad wire data, bad JSON, wrong types). The message is
 * written for a client: it becomes the `google.rpc.Status.message` of the 400 answer, so it names
 * what was wrong and where (byte offset and message path) but never echoes payload content.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError'
  /** HTTP status the receiver should answer with. */
  readonly httpStatus = 400
  /** gRPC status code INVALID_ARGUMENT. */
  readonly grpcCode = 3

  constructor(message: string) {
    super(message)
  }
}

/** Wraps anything thrown (including non-Error values) into an Error with a safe message. */
export function toOtlpDecodeError(err: unknown, what: string): OtlpDecodeError {
  if (err instanceof OtlpDecodeError) return err
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new OtlpDecodeError(`${what}: nesting too deep`)
  }
  const detail = err instanceof Error ? err.message : 'unknown error'
  return new OtlpDecodeError(`${what}: ${detail}`)
}
