import { ConfigError, isLoopbackHost, type ServerConfig } from '../config.ts';
import { generateSecret } from './generate-secret.ts';

/** The operator key the server runs with, and whether it was generated (and so must be shown). */
export interface ResolvedAdminKey {
  key: string;
  generated: boolean;
}

/**
 * The one operator key for the whole server (admin API, upload creation):
 * `--admin-key` / `BRANCHCAST_ADMIN_KEY`; else, when bound to loopback and not
 * clustered, a fresh random key (only local users can reach it, and they see
 * the log); else a ConfigError, because a server reachable from elsewhere, or
 * a cluster whose nodes must agree on the key, cannot make one up.
 */
export function resolveAdminKey(config: Pick<ServerConfig, 'adminKey' | 'host' | 'cluster'>): ResolvedAdminKey {
  if (config.adminKey !== undefined) return { key: config.adminKey, generated: false };
  if (isLoopbackHost(config.host) && !config.cluster) return { key: generateSecret(), generated: true };
  throw new ConfigError(
    config.cluster
      ? 'cluster nodes share one operator key: pass the same --admin-key KEY (or BRANCHCAST_ADMIN_KEY) to every node'
      : 'an operator key is required when the server is reachable beyond loopback: pass --admin-key KEY or set BRANCHCAST_ADMIN_KEY',
  );
}
