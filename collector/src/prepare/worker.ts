import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { Redactor } from '../normalize/index.ts'
import { JSON_CODEC, OtlpDecodeError, PROTOBUF_CODEC } from '../otlp/index.ts'
import { createNormalizeExport } from '../pipeline.ts'
import { READY, type PrepareRequest, type PrepareResponse, type PrepareWorkerData, type RedactionCounts } from './messages.ts'
import { prepareExport } from './prepared-export.ts'

// A prepare thread: decode → normalize → serialize of request bodies, off the event loop that
// serves the API and answers senders. It holds no state the main thread needs but the redactor's
// memo; what it masked is counted and sent back with each answer.

const port = parentPort!
const { redaction } = workerData as PrepareWorkerData
const counted = new Map<string, RedactionCounts[number]>()
const redactor = new Redactor(redaction, (field, rule) => {
  const key = `${field}\u0000${rule}`
  const entry = counted.get(key)
  if (entry) entry[2]++
  else counted.set(key, [field, rule, 1])
})
const normalize = createNormalizeExport(redactor)

function takeCounts(): RedactionCounts {
  const counts = [...counted.values()]
  counted.clear()
  return counts
}

port.on('message', (request: PrepareRequest) => {
  let response: PrepareResponse
  try {
    const prepared = prepareExport(normalize, request.signal, request.codec === 'json' ? JSON_CODEC : PROTOBUF_CODEC, request.body)
    response = { id: request.id, ok: true, prepared, redactions: takeCounts(), heapBytes: getHeapStatistics().total_heap_size }
  } catch (error) {
    response = { id: request.id, ok: false, decode: error instanceof OtlpDecodeError, message: error instanceof Error ? error.message : String(error), redactions: takeCounts(), heapBytes: getHeapStatistics().total_heap_size }
  }
  port.postMessage(response, response.ok ? [response.prepared.data.buffer as ArrayBuffer] : [])
})
port.postMessage(READY)
