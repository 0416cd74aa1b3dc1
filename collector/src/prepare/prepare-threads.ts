import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { RedactionConfig } from '@claimcheck/shared'
import { describeError } from '@claimcheck/shared/node'
import type { PrepareThreadFigures } from '../metrics.ts'
import { Redactor } from '../normalize/index.ts'
import { OtlpDecodeError, type OtlpCodec } from '../otlp/index.ts'
import { createNormalizeExport } from '../pipeline.ts'
import { IngestError, GRPC, type Signal } from '../receive/export-handler.ts'
import { READY, type PrepareRequest, type PrepareResponse, type PrepareWorkerData, type RedactionCounts } from './messages.ts'
import { prepareExport, type PreparedExport } from './prepared-export.ts'

export interface PrepareThreadsOptions {
  /** Threads that decode → normalize → serialize; 0 does it on the event loop. */
  threads: number
  redaction: RedactionConfig
  /** Told of masked occurrences (field, rule, how many). */
  onRedaction: (field: string, rule: string, count: number) => void
  logger: Logger
  /** Longest a thread may take to load before start-up fails. Default 30 s. */
  startTimeoutMs?: number
  /**
   * A thread's V8 old space at most, MB. A body that decodes past it costs only that thread (its
   * requests get 503, a new thread starts), not the process. Default 1,024: bodies are at most
   * `collector.maxBodyBytes` (20 MiB), which decode to well under that.
   */
  maxHeapMb?: number
}

/** The figures (PrepareThreadFigures) are 0 on the event loop, whose heap is the process's own. */
export interface PrepareThreads extends PrepareThreadFigures {
  prepare(signal: Signal, codec: OtlpCodec, body: Uint8Array): Promise<PreparedExport>
  /** Waits for the requests in flight, then stops the threads. */
  close(): Promise<void>
}

/** A prepare thread stopped with this request in it (not the request's fault as far as we know): the sender retries. */
const threadLost = () => new IngestError(503, GRPC.UNAVAILABLE, 'claimcheck lost the thread decoding this request, nothing of it was kept; retry later', 1)

// Compiled (cli/dist/esm): the build's own entry beside this chunk; from the sources, an entry that registers tsx.
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker-source.mjs', import.meta.url) : new URL('./prepare-worker.js', import.meta.url)

/** How long close() lets the requests in flight finish. */
const CLOSE_GRACE_MS = 3_000

interface InFlight {
  resolve: (prepared: PreparedExport) => void
  reject: (error: unknown) => void
}

interface Thread {
  worker: Worker
  inFlight: Map<number, InFlight>
  /** Busy ms last read: a thread's figures are gone once it has exited. */
  activeMs: number
  heapBytes: number
}

/**
 * decode → normalize → serialize off the event loop: the API and the senders' answers then wait
 * only for what must run there (pairing, classification, the journal). Each request goes to the
 * thread with the fewest in flight; a thread that dies fails only its own requests (503, retried
 * by the sender) and is replaced.
 */
export async function startPrepareThreads(options: PrepareThreadsOptions): Promise<PrepareThreads> {
  if (options.threads === 0) return inlinePrepare(options)
  const log = options.logger
  let nextId = 1
  let closing = false
  const threads: Thread[] = []
  let retiredMs = 0
  const count = (counts: RedactionCounts) => {
    for (const [field, rule, n] of counts) options.onRedaction(field, rule, n)
  }

  const spawn = (): Promise<Thread> => new Promise((resolve, reject) => {
    const data: PrepareWorkerData = { redaction: options.redaction }
    const worker = new Worker(WORKER_URL, { workerData: data, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1_024 } })
    // A thread never keeps the process alive by itself (close() waits for what is in flight).
    worker.unref()
    const thread: Thread = { worker, inFlight: new Map(), activeMs: 0, heapBytes: 0 }
    const timer = setTimeout(() => {
      reject(new Error(`a prepare thread did not start within ${options.startTimeoutMs ?? 30_000} ms`))
      void worker.terminate()
    }, options.startTimeoutMs ?? 30_000)
    let ready = false
    worker.on('message', (message: PrepareResponse | typeof READY) => {
      if (message === READY) {
        ready = true
        clearTimeout(timer)
        return resolve(thread)
      }
      const pending = thread.inFlight.get(message.id)
      thread.inFlight.delete(message.id)
      thread.heapBytes = message.heapBytes
      count(message.redactions)
      if (!pending) return
      if (message.ok) pending.resolve(message.prepared)
      else pending.reject(message.decode ? new OtlpDecodeError(message.message) : new Error(message.message))
    })
    worker.on('error', (error) => log.error({ err: describeError(error) }, 'prepare thread failed'))
    worker.on('exit', (code) => {
      clearTimeout(timer)
      if (!ready) return reject(new Error(`a prepare thread exited with code ${code} while starting`))
      for (const pending of thread.inFlight.values()) pending.reject(threadLost())
      thread.inFlight.clear()
      const at = threads.indexOf(thread)
      if (at >= 0) threads.splice(at, 1)
      retiredMs += thread.activeMs
      if (closing) return
      log.warn({ code }, 'prepare thread stopped; starting another')
      spawn().then((replacement) => (closing ? void replacement.worker.terminate() : threads.push(replacement)),
        (error: unknown) => log.error({ err: describeError(error) }, 'could not replace a prepare thread; preparing on the event loop'))
    })
  })

  threads.push(...await Promise.all(Array.from({ length: options.threads }, spawn)))
  // Until a lost thread is replaced (or if it cannot be), requests are prepared here.
  const fallback = inlinePrepare(options)

  return {
    prepare(signal, codec, body) {
      if (threads.length === 0) return fallback.prepare(signal, codec, body)
      let thread = threads[0]!
      for (const other of threads) if (other.inFlight.size < thread.inFlight.size) thread = other
      const id = nextId++
      // A copy the thread owns: the body may be a view into a buffer others still use.
      const copy = new Uint8Array(body)
      return new Promise<PreparedExport>((resolve, reject) => {
        thread.inFlight.set(id, { resolve, reject })
        const request: PrepareRequest = { id, signal, codec: codec.name, body: copy }
        thread.worker.postMessage(request, [copy.buffer])
      })
    },
    get running() {
      return threads.length
    },
    busySeconds() {
      for (const thread of threads) thread.activeMs = thread.worker.performance.eventLoopUtilization().active
      return (retiredMs + threads.reduce((sum, thread) => sum + thread.activeMs, 0)) / 1000
    },
    heapBytes: () => threads.reduce((sum, thread) => sum + thread.heapBytes, 0),
    async close() {
      closing = true
      // What is in flight finishes (its senders are waiting), within CLOSE_GRACE_MS: a thread still
      // busy past it is stopped, and its requests answered 503 (retried, nothing was kept).
      const deadline = Date.now() + CLOSE_GRACE_MS
      await Promise.all(threads.map((thread) => new Promise<void>((resolve) => {
        const check = () => (thread.inFlight.size === 0 || Date.now() > deadline ? resolve() : setTimeout(check, 10))
        check()
      })))
      await Promise.all([...threads].map((thread) => thread.worker.terminate()))
    },
  }
}

/** The same work on the calling thread. */
function inlinePrepare(options: PrepareThreadsOptions): PrepareThreads {
  const redactor = new Redactor(options.redaction, (field, rule) => options.onRedaction(field, rule, 1))
  const normalize = createNormalizeExport(redactor)
  return {
    prepare: async (signal, codec, body) => prepareExport(normalize, signal, codec, body),
    running: 0,
    busySeconds: () => 0,
    heapBytes: () => 0,
    close: async () => undefined,
  }
}
