/**
 * One HTTP/1.1 exchange over a raw socket, for the HTTP fuzz suite: the
 * request goes out byte for byte as generated (fetch would normalise the
 * path, drop headers it dislikes and refuse a body on GET), and the answer is
 * checked for being a well-formed response: a status line, header lines, and
 * a body that matches its Content-Length or chunked framing.
 */
import { connect } from 'node:net';

export interface FuzzRequest {
  method: string;
  /** The request target as sent: path and query, hostile bytes included. */
  target: string;
  /** Header values as latin1 text (never CR or LF: those would be a different request). */
  headers: Array<[string, string]>;
  body?: Uint8Array;
}

export interface FuzzResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

const STATUS_LINE = /^HTTP\/1\.1 ([1-5]\d\d)(?: [^\r\n]*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Serialises `request` with `Connection: close` (and a Content-Length for its body unless it sets one). */
export function requestBytes(port: number, request: FuzzRequest): Buffer {
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body !== undefined && !names.has('content-length') && !names.has('transfer-encoding')) lines.push(`Content-Length: ${request.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body ?? Buffer.alloc(0)]);
}

/** Sends the request and resolves with the parsed answer; rejects with what was wrong with it. */
export function exchange(port: number, request: FuzzRequest, timeoutMs = 10_000): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) return reject(error);
      try {
        resolve(parseResponse(Buffer.concat(chunks), request.method));
      } catch (problem) {
        reject(problem instanceof Error ? problem : new Error(String(problem)));
      }
    };
    const timer = setTimeout(() => finish(new Error(`no complete answer within ${timeoutMs} ms; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A 101 keeps the connection for WebSocket frames: its head is the whole answer.
      const head = Buffer.concat(chunks).toString('latin1');
      if (head.startsWith('HTTP/1.1 101') && head.includes('\r\n\r\n')) finish();
    });
    // A reset after an early answer (the server stopped reading a body it refused) still leaves that answer.
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.write(requestBytes(port, request));
  });
}

function parseResponse(data: Buffer, method: string): FuzzResponse {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP response (no end of head): ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const match = STATUS_LINE.exec(statusLine);
  if (!match) throw new Error(`malformed status line ${JSON.stringify(statusLine)}`);
  const status = Number(match[1]);
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    const header = HEADER_LINE.exec(line);
    if (!header) throw new Error(`malformed header line ${JSON.stringify(line)}`);
    headers.push([(header[1] as string).toLowerCase(), header[2] as string]);
  }
  const rest = data.subarray(end + 4);
  const lengths = headers.filter(([name]) => name === 'content-length').map(([, value]) => value);
  if (new Set(lengths).size > 1) throw new Error(`conflicting Content-Length headers ${JSON.stringify(lengths)}`);
  const chunked = headers.some(([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value));
  if (status === 101 || method === 'HEAD' || status === 204 || status === 304) {
    if (status !== 101 && rest.length > 0) throw new Error(`${status} to ${method} with ${rest.length} body bytes`);
    return { status, headers, body: Buffer.alloc(0) };
  }
  if (chunked) return { status, headers, body: dechunk(rest) };
  if (lengths[0] !== undefined) {
    if (!/^\d+$/.test(lengths[0])) throw new Error(`malformed Content-Length ${JSON.stringify(lengths[0])}`);
    if (rest.length !== Number(lengths[0])) throw new Error(`Content-Length ${lengths[0]} but ${rest.length} body bytes`);
  }
  return { status, headers, body: rest };
}

/** Decodes a chunked body, failing on broken framing or a missing last chunk. */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) throw new Error('chunked body without its last chunk');
    const size = Number.parseInt(data.toString('latin1', at, eol).split(';')[0] ?? '', 16);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error('malformed chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  throw new Error('chunked body with too many chunks');
}
