// Helpers for the demo's own tests: the demo with telemetry captured in memory.
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs'
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace'
import { ManualClock } from './clock.ts'
import { startDemo, type DemoHandle, type DemoOptions } from './demo.ts'
import { createGatewayTelemetry } from './gateway/telemetry.ts'

export interface CapturedDemo {
  demo: DemoHandle
  clock: ManualClock
  spans(): ReadableSpan[]
  logs(): ReadableLogRecord[]
  reset(): void
}

/** The whole demo on loopback with a manual clock, no traffic or noise, spans and logs kept in memory. */
export async function startCapturedDemo(options: DemoOptions = {}): Promise<CapturedDemo> {
  const clock = new ManualClock(Date.now())
  const spanExporter = new InMemorySpanExporter()
  const logExporter = new InMemoryLogRecordExporter()
  const demo = await startDemo({
    traffic: false,
    noiseRate: 0,
    clock,
    telemetry: (serviceName) => createGatewayTelemetry({
      serviceName,
      spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
      logProcessors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
    }),
    ...options,
  })
  return {
    demo,
    clock,
    spans: () => spanExporter.getFinishedSpans(),
    logs: () => logExporter.getFinishedLogRecords(),
    reset() {
      spanExporter.reset()
      logExporter.reset()
    },
  }
}
