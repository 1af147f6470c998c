import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../uws.ts';
import { UwsApiRequest } from './uws-api-request.ts';

/** A uWS request as the route handler sees it; `getQuery` counts its calls. */
function fakeRequest(headers: Record<string, string>, params: string[], query: string | undefined, method = 'post') {
  const calls = { getQuery: 0 };
  const req = {
    getHeader: (name: string) => headers[name] ?? '',
    getParameter: (i: number) => params[i],
    getMethod: () => method,
    getUrl: () => '/api/rooms/r1/commands',
    getQuery: () => {
      calls.getQuery += 1;
      return query;
    },
  } as unknown as HttpRequest;
  return { req, calls };
}

describe('UwsApiRequest', () => {
  it('copies headers, treating empty ones as absent, and the method in upper case', () => {
    const { req } = fakeRequest({ authorization: 'Bearer t', 'content-type': 'application/json', host: 'h:1', 'if-match': '' }, ['r1'], undefined, 'delete');
    const request = new UwsApiRequest(req, 1, Buffer.alloc(0));
    expect(request).toMatchObject({ method: 'DELETE', path: '/api/rooms/r1/commands', params: ['r1'], authorization: 'Bearer t', contentType: 'application/json', host: 'h:1' });
    expect(request.ifMatch).toBeUndefined();
    expect(request.ifNoneMatch).toBeUndefined();
    expect(new UwsApiRequest(fakeRequest({}, [], undefined, 'patch').req, 0, Buffer.alloc(0)).method).toBe('PATCH');
  });

  it('copies the query string at once but parses it on first use, once', () => {
    const { req, calls } = fakeRequest({}, [], 'format=csv&to=3');
    const request = new UwsApiRequest(req, 0, Buffer.alloc(0));
    expect(calls.getQuery).toBe(1); // req is dead after the handler returns: nothing may read it later
    const query = request.query;
    expect(query.get('format')).toBe('csv');
    expect(query.get('to')).toBe('3');
    expect(request.query).toBe(query);
    expect(calls.getQuery).toBe(1);
  });

  it('has an empty query when uWS reports none', () => {
    const request = new UwsApiRequest(fakeRequest({}, [], undefined).req, 0, Buffer.alloc(0));
    expect([...request.query.keys()]).toEqual([]);
  });

  it('percent-decodes parameters, and flags a broken encoding with an empty parameter', () => {
    const good = new UwsApiRequest(fakeRequest({}, ['a%20b', 'plain'], undefined).req, 2, Buffer.alloc(0));
    expect(good.params).toEqual(['a b', 'plain']);
    expect(good.malformedPath).toBe(false);
    const bad = new UwsApiRequest(fakeRequest({}, ['%E0%A4%A', 'x'], undefined).req, 2, Buffer.alloc(0));
    expect(bad.params).toEqual(['', 'x']);
    expect(bad.malformedPath).toBe(true);
    expect(new UwsApiRequest(fakeRequest({}, [], undefined).req, 1, Buffer.alloc(0)).params).toEqual(['']);
  });
});
