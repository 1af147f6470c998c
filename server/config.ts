/**
 * The server's configuration, resolved from CLI flags, then environment
 * variables, then defaults. Pure: flags, env and cwd are passed in.
 */
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  /** 0 asks the OS for a free port; the bound port is reported by listen(). */
  port: number;
  /** Absolute path of the data directory (rooms, uploads). */
  dataDir: string;
  /** Absolute path served under /media/. */
  mediaDir: string;
  /** `--allow-origin` values (see cors-policy.ts for the syntax). */
  allowOrigins: string[];
  /** How long shutdown waits for in-flight responses before cutting them off. */
  drainTimeoutMs: number;
  /** Bundled example stories offered by the API (read-only); undefined for none. */
  storiesDir: string | undefined;
  /** Operator key for the admin API and for creating uploads, as given; see auth/resolve-admin-key.ts for the key the server runs with. */
  adminKey: string | undefined;
  /** Lifetime of issued room tokens. */
  tokenTtlSeconds: number;
  /** Base URL for links handed out (join links); default: from the request's Host. */
  publicUrl: string | undefined;
  /** Command rate limit, per WebSocket connection and per token subject on HTTP (sustained per second; burst is twice that). */
  commandsPerSecond: number;
  /** Versioned events each room keeps for resume. */
  roomResumeWindow: number;
  /** A room writes a snapshot after this many logged inputs. */
  roomSnapshotEvery: number;
  /** Word list for the comment filter (one word per line); undefined for none. */
  wordFilterFile: string | undefined;
  /** Room sockets silent this long are closed (pings go out automatically before). */
  wsIdleTimeoutSeconds: number;
  /** A room socket with more unsent bytes than this is a slow consumer and is closed (4010). */
  wsMaxBackpressureBytes: number;
  /** Cluster mode (docs/scaling.md): the shared Redis; undefined runs one machine on the data directory. */
  cluster: ClusterConfig | undefined;
  /** Whether POST /api/stories/:id/plays stores solo plays for analytics (docs/solo.md); off with --no-play-analytics or PLAY_ANALYTICS=off. */
  playAnalytics: boolean;
}

export interface ClusterConfig {
  redisUrl: string;
  /** This node's name in leases and inboxes; unique per running process. */
  nodeId: string;
  /** Namespaces every key, so clusters can share a Redis. */
  redisPrefix: string;
  /** Room ownership lease: a dead owner's rooms move after about this long. */
  leaseMs: number;
  /** A room followed for this node's viewers is dropped after this long with none. */
  followIdleMs: number;
}

/** The `branchcast serve` flags as node:util parseArgs returns them. */
export interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  data?: string | undefined;
  media?: string | undefined;
  'allow-origin'?: string[] | undefined;
  'admin-key'?: string | undefined;
  stories?: string | undefined;
  'public-url'?: string | undefined;
  'word-filter'?: string | undefined;
  redis?: string | undefined;
  'node-id'?: string | undefined;
  'redis-prefix'?: string | undefined;
  'lease-ms'?: string | undefined;
  'no-play-analytics'?: boolean | undefined;
}

/** The environment variables the server reads. */
export interface ServeEnv {
  PORT?: string | undefined;
  HOST?: string | undefined;
  DATA_DIR?: string | undefined;
  MEDIA_DIR?: string | undefined;
  /** Comma-separated, used when no `--allow-origin` flag is given. */
  ALLOW_ORIGINS?: string | undefined;
  BRANCHCAST_ADMIN_KEY?: string | undefined;
  STORIES_DIR?: string | undefined;
  PUBLIC_URL?: string | undefined;
  TOKEN_TTL_SECONDS?: string | undefined;
  COMMANDS_PER_SECOND?: string | undefined;
  ROOM_RESUME_WINDOW?: string | undefined;
  ROOM_SNAPSHOT_EVERY?: string | undefined;
  WORD_FILTER_FILE?: string | undefined;
  WS_IDLE_TIMEOUT_SECONDS?: string | undefined;
  WS_MAX_BACKPRESSURE_BYTES?: string | undefined;
  REDIS_URL?: string | undefined;
  NODE_ID?: string | undefined;
  REDIS_PREFIX?: string | undefined;
  LEASE_MS?: string | undefined;
  FOLLOW_IDLE_MS?: string | undefined;
  /** `off` (or `0`, `false`, `no`) turns solo play analytics off; `on` (the default) keeps it. */
  PLAY_ANALYTICS?: string | undefined;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_MEDIA_DIR = 'stories/media';
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
export const DEFAULT_STORIES_DIR = 'stories';
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;

/** Thrown for a flag or variable with an unusable value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Resolves the configuration; relative directories are resolved against `cwd`. */
export function resolveServerConfig(flags: ServeFlags, env: ServeEnv, cwd: string): ServerConfig {
  const origins = flags['allow-origin'] ?? splitList(env.ALLOW_ORIGINS);
  return {
    host: pick(flags.host, env.HOST) ?? DEFAULT_HOST,
    port: parsePort(pick(flags.port, env.PORT)),
    dataDir: directory(pick(flags.data, env.DATA_DIR) ?? DEFAULT_DATA_DIR, cwd),
    mediaDir: directory(pick(flags.media, env.MEDIA_DIR) ?? DEFAULT_MEDIA_DIR, cwd),
    allowOrigins: origins,
    drainTimeoutMs: DEFAULT_DRAIN_TIMEOUT_MS,
    storiesDir: directory(pick(flags.stories, env.STORIES_DIR) ?? DEFAULT_STORIES_DIR, cwd),
    adminKey: pick(flags['admin-key'], env.BRANCHCAST_ADMIN_KEY),
    tokenTtlSeconds: positiveInt(env.TOKEN_TTL_SECONDS, 'TOKEN_TTL_SECONDS') ?? DEFAULT_TOKEN_TTL_SECONDS,
    publicUrl: pick(flags['public-url'], env.PUBLIC_URL)?.replace(/\/+$/, ''),
    commandsPerSecond: positiveInt(env.COMMANDS_PER_SECOND, 'COMMANDS_PER_SECOND') ?? 20,
    roomResumeWindow: positiveInt(env.ROOM_RESUME_WINDOW, 'ROOM_RESUME_WINDOW') ?? 4096,
    roomSnapshotEvery: positiveInt(env.ROOM_SNAPSHOT_EVERY, 'ROOM_SNAPSHOT_EVERY') ?? 500,
    // uWS rounds idle timeouts to 4 s steps and needs at least 8.
    wsIdleTimeoutSeconds: Math.max(8, positiveInt(env.WS_IDLE_TIMEOUT_SECONDS, 'WS_IDLE_TIMEOUT_SECONDS') ?? 32),
    wsMaxBackpressureBytes: positiveInt(env.WS_MAX_BACKPRESSURE_BYTES, 'WS_MAX_BACKPRESSURE_BYTES') ?? 1024 * 1024,
    wordFilterFile: (() => {
      const file = pick(flags['word-filter'], env.WORD_FILTER_FILE);
      return file === undefined ? undefined : directory(file, cwd);
    })(),
    cluster: clusterConfig(flags, env),
    playAnalytics: flags['no-play-analytics'] === true ? false : switchValue(env.PLAY_ANALYTICS, 'PLAY_ANALYTICS') ?? true,
  };
}

/** An on/off environment variable; undefined when unset. */
function switchValue(raw: string | undefined, name: string): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (['on', '1', 'true', 'yes'].includes(value)) return true;
  if (['off', '0', 'false', 'no'].includes(value)) return false;
  throw new ConfigError(`invalid ${name} '${raw}': expected on or off`);
}

function clusterConfig(flags: ServeFlags, env: ServeEnv): ClusterConfig | undefined {
  const redisUrl = pick(flags.redis, env.REDIS_URL);
  if (redisUrl === undefined) return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(redisUrl)) throw new ConfigError(`invalid Redis URL '${redisUrl}': expected redis://HOST:PORT`);
  const nodeId = pick(flags['node-id'], env.NODE_ID) ?? `${hostname()}-${process.pid}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(nodeId)) throw new ConfigError(`invalid node id '${nodeId}': use 1-64 letters, digits, '.', '_' or '-'`);
  const redisPrefix = pick(flags['redis-prefix'], env.REDIS_PREFIX) ?? 'bc:';
  if (!/^[A-Za-z0-9:._-]{0,64}$/.test(redisPrefix)) throw new ConfigError(`invalid Redis prefix '${redisPrefix}'`);
  const leaseMs = positiveInt(pick(flags['lease-ms'], env.LEASE_MS), 'lease time (--lease-ms)') ?? 3000;
  if (leaseMs < 300) throw new ConfigError('the lease must last at least 300 ms (renewals go out every third of it)');
  const followIdleMs = positiveInt(env.FOLLOW_IDLE_MS, 'FOLLOW_IDLE_MS') ?? 60_000;
  return { redisUrl, nodeId, redisPrefix, leaseMs, followIdleMs };
}

function positiveInt(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) === 0) throw new ConfigError(`invalid ${name} '${raw}': expected a positive integer`);
  return Number(raw);
}

/** Whether `host` binds only the loopback interface (development setups). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The URL a browser on this machine would use for a bound host and port. */
export function serverUrl(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

function pick(flag: string | undefined, envValue: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  return envValue === undefined || envValue === '' ? undefined : envValue;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new ConfigError(`invalid port '${raw}': expected an integer 0..65535`);
  return Number(raw);
}

function directory(path: string, cwd: string): string {
  if (path === '') throw new ConfigError('empty directory path');
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function splitList(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
