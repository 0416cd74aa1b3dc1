import { gzipSync } from 'node:zlib'

/** A minimal valid OTLP/JSON logs request with `count` records (hex ids, string int64). */
export function jsonLogs(count: number, options: { traceId?: string; body?: string; service?: string } = {}): string {
  const now = BigInt(Date.now()) * 1_000_000n
  const records = Array.from({ length: count }, (_, i) => ({
    timeUnixNano: String(now + BigInt(i)),
    severityNumber: 9,
    body: { stringValue: options.body ?? `record ${i}` },
    traceId: options.traceId ?? '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    attributes: [{ key: 'i', value: { intValue: String(i) } }],
  }))
  return JSON.stringify({
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: options.service ?? 'bad-input-test' } }] },
      scopeLogs: [{ scope: { name: 't' }, logRecords: records }],
    }],
  })
}

/** A gzip body that inflates to `megabytes` MiB of zeros: a few KiB on the wire. */
export function gzipBomb(megabytes: number): Buffer {
  return gzipSync(Buffer.alloc(megabytes * 1024 * 1024))
}

/** Decodes the google.rpc.Status protobuf message field (2) well enough for assertions. */
export function statusMessageFromProtobuf(body: Uint8Array): string {
  let i = 0
  while (i < body.length) {
    const tag = body[i++]!
    const field = tag >> 3
    const wire = tag & 7
    if (wire === 0) {
      while (body[i++]! & 0x80);
      continue
    }
    let length = 0
    let shift = 0
    let byte: number
    do {
      byte = body[i++]!
      length |= (byte & 0x7f) << shift
      shift += 7
    } while (byte & 0x80)
    if (field === 2) return Buffer.from(body.subarray(i, i + length)).toString('utf8')
    i += length
  }
  return ''
}
