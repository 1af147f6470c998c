import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, resolveServerConfig, serverUrl } from './config.ts';

describe('resolveServerConfig', () => {
  it('uses defaults relative to cwd', () => {
    expect(resolveServerConfig({}, {}, '/srv/app')).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/app/data',
      mediaDir: '/srv/app/stories/media',
      allowOrigins: [],
    });
  });
  it('prefers flags over env over defaults', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', DATA_DIR: '/d', MEDIA_DIR: 'm', ALLOW_ORIGINS: 'https://a.example, https://b.example' };
    expect(resolveServerConfig({}, env, '/c')).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/d', mediaDir: '/c/m', allowOrigins: ['https://a.example', 'https://b.example'] });
    expect(resolveServerConfig({ port: '0', host: '::1', media: '/x', 'allow-origin': ['https://c.example'] }, env, '/c')).toMatchObject({
      port: 0,
      host: '::1',
      mediaDir: '/x',
      allowOrigins: ['https://c.example'],
    });
  });
  it.each(['-1', '65536', 'http', '8080x', ''])('rejects port %j', (port) => {
    expect(() => resolveServerConfig({ port }, {}, '/')).toThrow(ConfigError);
  });
  it('runs one machine without --redis, one cluster node with it', () => {
    expect(resolveServerConfig({}, {}, '/').cluster).toBeUndefined();
    expect(resolveServerConfig({ redis: 'redis://10.0.0.5:6379', 'node-id': 'a', 'lease-ms': '1500' }, { FOLLOW_IDLE_MS: '5000' }, '/').cluster).toEqual({
      redisUrl: 'redis://10.0.0.5:6379',
      nodeId: 'a',
      redisPrefix: 'bc:',
      leaseMs: 1500,
      followIdleMs: 5000,
    });
    expect(resolveServerConfig({}, { REDIS_URL: 'redis://r:1', REDIS_PREFIX: 'x:' }, '/').cluster).toMatchObject({ redisUrl: 'redis://r:1', redisPrefix: 'x:', leaseMs: 3000 });
  });
  it.each([
    [{ redis: 'http://r:1' }],
    [{ redis: 'redis://r:1', 'node-id': 'has space' }],
    [{ redis: 'redis://r:1', 'lease-ms': '100' }],
    [{ redis: 'redis://r:1', 'redis-prefix': 'a b' }],
  ])('rejects a bad cluster setting %j', (flags) => {
    expect(() => resolveServerConfig(flags, {}, '/')).toThrow(ConfigError);
  });
});

describe('host helpers', () => {
  it('recognises loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
  it('brackets IPv6 hosts in URLs', () => {
    expect(serverUrl('::1', 80)).toBe('http://[::1]:80');
    expect(serverUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
  });
});
