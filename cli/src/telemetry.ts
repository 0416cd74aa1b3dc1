import { metrics, type ObservableResult } from '@opentelemetry/api'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { NodeSDK } from '@opentelemetry/sdk-node'
import type { Registry } from 'prom-client'
import type { Config } from '@claimcheck/shared'
import { CLAIMCHECK_VERSION } from './context.ts'

/**
 * claimcheck's own traces (spans around each OTLP export and ClickHouse write) and metrics, sent
 * over OTLP when `telemetry.enabled`. Off by default: the API stays a no-op and costs nothing.
 * Our metrics live in prom-client (served at /metrics); a small bridge exports the same values
 * through the SDK so there is one set of numbers, not two.
 */
export function startSelfTelemetry(config: Config, registries: Registry[]): { stop(): Promise<void> } | undefined {
  if (!config.telemetry.enabled) return undefined
  const endpoint = config.telemetry.endpoint.replace(/\/$/, '')
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': 'claimcheck', 'service.version': CLAIMCHECK_VERSION }),
    traceExporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }),
    metricReaders: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }), exportIntervalMillis: 15_000 })],
    instrumentations: [],
  })
  sdk.start()
  bridgePrometheus(registries)
  return { stop: () => sdk.shutdown() }
}

function bridgePrometheus(registries: Registry[]): void {
  const meter = metrics.getMeter('claimcheck', CLAIMCHECK_VERSION)
  for (const registry of registries) {
    for (const { name, help, type } of registry.getMetricsAsArray() as unknown as { name: string; help: string; type: string }[]) {
      if (type !== 'counter' && type !== 'gauge') continue
      const metric = registry.getSingleMetric(name)
      if (!metric) continue
      const instrument = type === 'counter' ? meter.createObservableCounter(name, { description: help }) : meter.createObservableGauge(name, { description: help })
      instrument.addCallback(async (result: ObservableResult) => {
        const { values } = await metric.get()
        for (const value of values) result.observe(value.value, value.labels as Record<string, string>)
      })
    }
  }
}
