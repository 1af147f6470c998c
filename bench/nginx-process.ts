/**
 * Runs Debian's nginx as a peer for benchmarks: a generated config in a temp
 * prefix, one port on loopback, stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:net';

export interface NginxProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** Directory served under /media/ (must be readable by the worker user). */
  mediaDir: string;
  /** Empty directory nginx may use as its prefix (config, pid, logs, temp). */
  prefix: string;
  port: number;
  workers: number | 'auto';
  binary?: string;
}

/** Starts nginx in the foreground as our child and waits until it accepts connections. */
export async function startNginx(options: NginxOptions): Promise<NginxProcess> {
  const { prefix } = options;
  await mkdir(join(prefix, 'logs'), { recursive: true });
  const temp = (name: string): string => `${name}_temp_path ${join(prefix, name)};`;
  const config = `
worker_processes ${options.workers};
daemon off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  types { video/iso.segment m4s; video/mp4 mp4; application/dash+xml mpd; }
  server {
    listen 127.0.0.1:${options.port};
    location /media/ { alias ${options.mediaDir}/; }
  }
}
`;
  const confPath = join(prefix, 'nginx.conf');
  await writeFile(confPath, config);
  const child: ChildProcess = spawn(options.binary ?? '/usr/sbin/nginx', ['-p', prefix, '-c', confPath, '-e', join(prefix, 'logs', 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(options.port, exited);
  return {
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForPort(port: number, exited: Promise<void>): Promise<void> {
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  for (let i = 0; i < 100; i += 1) {
    if (dead) throw new Error('nginx exited during startup (see its error.log in the prefix)');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}
