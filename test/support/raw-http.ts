/**
 * One HTTP/1.1 request over a raw TCP socket. fetch and http.request
 * normalise paths (`/a/../b` → `/b`); attacks must reach the server verbatim.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends `GET <rawPath>` (or another method) with `Connection: close` and reads the whole answer. */
export function rawRequest(port: number, rawPath: string, options: { method?: string; headers?: Record<string, string>; host?: string } = {}): Promise<RawResponse> {
  const lines = [`${options.method ?? 'GET'} ${rawPath} HTTP/1.1`, `Host: ${options.host ?? `127.0.0.1:${port}`}`, 'Connection: close'];
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks), options.method === 'HEAD'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

function parseResponse(data: Buffer, head: boolean): RawResponse {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`incomplete response: ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const body = head ? Buffer.alloc(0) : data.subarray(end + 4);
  return { status, headers, body };
}
