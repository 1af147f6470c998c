/** Room analytics: a replay of a room's log through the room core, and its exports (CSV, NDJSON, xAPI). */
export * from './analytics-types.ts';
export { roomAnalytics, createAnalyticsReplay, type AnalyticsReplay } from './room-analytics.ts';
export { toCsv, toCsvMany, CSV_COLUMNS } from './to-csv.ts';
export { toNdjson } from './to-ndjson.ts';
export { toXapi, type XapiOptions, type XapiStatement } from './to-xapi.ts';
