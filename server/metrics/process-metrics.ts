/**
 * The process's own memory on /metrics, under the names Prometheus client
 * libraries use (`process_resident_memory_bytes`, `nodejs_heap_*`), so the
 * usual dashboards work. Operators watch these for bounded memory under
 * hostile load; test/rooms-silent-peers.test.ts reads them while 1,000 idle
 * connections come and go.
 */
import type { MetricRegistry } from './metric-registry.ts';

export function registerProcessMetrics(registry: MetricRegistry): void {
  // process.memoryUsage() walks the heap spaces; one reading per scrape is cheap enough.
  registry.callbackGauge({ name: 'process_resident_memory_bytes', help: 'Resident set size of the server process.', collect: () => process.memoryUsage.rss() });
  registry.callbackGauge({ name: 'nodejs_heap_size_used_bytes', help: 'V8 heap in use.', collect: () => process.memoryUsage().heapUsed });
  registry.callbackGauge({ name: 'nodejs_heap_size_total_bytes', help: 'V8 heap reserved.', collect: () => process.memoryUsage().heapTotal });
  registry.callbackGauge({ name: 'nodejs_external_memory_bytes', help: 'Memory of C++ objects bound to JavaScript (Buffers included).', collect: () => process.memoryUsage().external });
}
