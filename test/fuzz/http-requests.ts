/**
 * Generated requests for every route of a single-machine server: the stories,
 * rooms, commands and analytics API, tus uploads, media, the player pages, the
 * WebSocket upgrade, preflights and paths nobody serves, each with the headers
 * its route parses set to hostile values (http-values.ts) and hostile bodies.
 */
import fc from 'fast-check';
import { arbCommand, arbTampered, arbWireNode, arbWireOf } from '../support/msgpack-arbitrary.ts';
import { encodeWire } from '../support/msgpack-wire.ts';
import { FUZZ_STORY, FUZZ_VOCABULARY } from './fuzz-story.ts';
import type { FuzzRequest } from './http-exchange.ts';
import * as v from './http-values.ts';

/** What the server holds that requests should sometimes name correctly. */
export interface HttpSecrets {
  key: string;
  room: string;
  hostToken: string;
  viewerToken: string;
  upload: string;
  /** Paths below /media/ that exist. */
  media: string[];
}

type Header = [string, string] | undefined;
const maybe = (name: string, value: fc.Arbitrary<string>, freq = 2): fc.Arbitrary<Header> => fc.option(value.map((x): [string, string] => [name, x]), { nil: undefined, freq });
const headers = (...parts: Array<fc.Arbitrary<Header>>): fc.Arbitrary<Array<[string, string]>> => fc.tuple(...parts).map((hs) => hs.filter((h): h is [string, string] => h !== undefined));

/** A path segment: the real one mostly, or percent-encoding garbage, traversal, long or arbitrary text. */
const segment = (real: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '%2F', '..', '%2e%2e', 'a%ZZ', '%C0%AF', '%FF', '%ED%A0%80', '~', '.', '*', '%25') },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: v.arbHeaderText(40).map((s) => s.replace(/[ \t?#]/g, '_')) },
    { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((n) => 'r'.repeat(n)) },
  );

const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }).map((s) => `?${encodeURIComponent(s)}`), fc.constantFrom('?format=csv', '?format=ndjson', '?format=xapi', '?format=json', '?format=', '?format=%', '?format=csv&format=json', '?since=-1', '?token=%'));

const TEMPLATES = {
  story: { ...FUZZ_STORY, id: 'fuzz-posted' },
  room: { story: 'fuzz' },
  commands: [{ cmd: { type: 'play' } }, { id: 'c1', cmd: { type: 'vote', option: 'x' } }, { id: 'c2', cmd: { type: 'push-quiz', quiz: { id: 'p', prompt: 'P', options: ['a', 'b'], seconds: 60 } } }, { id: 'c3', cmd: { type: 'comment', text: 'hi', at: 1 } }, { id: 'c4', cmd: { type: 'claim', hotspot: 'coupon' } }],
};

export function arbRequest(s: HttpSecrets): fc.Arbitrary<FuzzRequest> {
  const auth = maybe('Authorization', v.arbAuthorization([s.key, s.hostToken, s.viewerToken]), 6);
  const origin = maybe('Origin', v.arbOrigin, 1);
  const room = segment([s.room]);
  const req = (method: string | fc.Arbitrary<string>, target: fc.Arbitrary<string>, hs: fc.Arbitrary<Array<[string, string]>>, body?: fc.Arbitrary<Uint8Array | undefined>): fc.Arbitrary<FuzzRequest> =>
    fc.tuple(typeof method === 'string' ? fc.constant(method) : method, target, hs, body ?? fc.constant(undefined)).map(([m, t, h, b]) => ({ method: m, target: t, headers: h, ...(b === undefined ? {} : { body: b }) }));
  const contentType = maybe('Content-Type', fc.constantFrom('application/json', 'application/msgpack', 'application/x-msgpack; charset=x', 'text/plain', 'application/offset+octet-stream', ''), 2);
  const msgpackBody = fc.oneof(
    arbCommand(FUZZ_VOCABULARY).chain((cmd) => arbTampered({ id: 'm1', cmd })).map(encodeWire),
    arbCommand(FUZZ_VOCABULARY).chain((cmd) => arbWireOf({ cmd })).map(encodeWire),
    arbWireNode.map(encodeWire),
  );
  const tus = (method: string | fc.Arbitrary<string>, target: fc.Arbitrary<string>) =>
    req(
      method,
      target,
      headers(auth, origin, maybe('Tus-Resumable', v.arbTusVersion, 6), maybe('Upload-Length', v.arbInteger, 4), maybe('Upload-Offset', v.arbInteger, 4), maybe('Upload-Metadata', v.arbUploadMetadata), maybe('Upload-Checksum', v.arbUploadChecksum), maybe('Content-Type', fc.constantFrom('application/offset+octet-stream', 'application/offset+octet-stream; x=1', 'text/plain'), 4), maybe('X-HTTP-Method-Override', fc.constantFrom('PATCH', 'HEAD', 'DELETE', 'GET', 'OPTIONS', 'patch', ''), 1), maybe('Upload-Defer-Length', fc.constant('1'), 1), maybe('Upload-Concat', fc.constant('final;/uploads/x'), 1)),
      fc.option(fc.uint8Array({ maxLength: 200 }), { nil: undefined }),
    );
  const upload = segment([s.upload]);
  const mediaPath = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.media) }, { weight: 1, arbitrary: fc.array(segment(['fuzz', 'clip.bin', '..']), { minLength: 1, maxLength: 4 }).map((p) => p.join('/')) });
  return fc.oneof(
    req('POST', fc.constant('/api/stories'), headers(auth, origin, contentType), v.arbJsonBody([TEMPLATES.story])),
    req('GET', fc.oneof(fc.constant('/api/stories'), segment(['fuzz', 'demo']).map((id) => `/api/stories/${id}`)), headers(auth, origin)),
    req('POST', fc.constant('/api/rooms'), headers(auth, origin, contentType), v.arbJsonBody([TEMPLATES.room])),
    req(fc.constantFrom('GET', 'DELETE'), room.filter((id) => id !== s.room).map((id) => `/api/rooms/${id}`), headers(auth, origin)),
    req('GET', room.map((id) => `/api/rooms/${id}`), headers(auth, origin)),
    req('POST', room.map((id) => `/api/rooms/${id}/viewers`), headers(auth, origin, contentType), fc.option(fc.uint8Array({ maxLength: 100 }), { nil: undefined })),
    req('POST', room.map((id) => `/api/rooms/${id}/commands`), headers(auth, origin, contentType), v.arbJsonBody(TEMPLATES.commands)),
    req('POST', room.map((id) => `/api/rooms/${id}/commands`), headers(auth, origin, maybe('Content-Type', fc.constantFrom('application/msgpack', 'application/x-msgpack', 'APPLICATION/MSGPACK;q=1'), 10)), msgpackBody),
    req('GET', fc.tuple(room, query).map(([id, q]) => `/api/rooms/${id}/analytics${q}`), headers(auth, origin)),
    tus('POST', fc.constantFrom('/uploads', '/uploads/')),
    tus('PATCH', upload.map((id) => `/uploads/${id}`)),
    tus('HEAD', upload.map((id) => `/uploads/${id}`)),
    tus('DELETE', upload.filter((id) => id !== s.upload).map((id) => `/uploads/${id}`)),
    tus(fc.constantFrom('OPTIONS', 'GET', 'PUT'), fc.constantFrom('/uploads/', `/uploads/${s.upload}`, '/uploads/a/b')),
    req(
      fc.constantFrom('GET', 'HEAD'),
      mediaPath.map((p) => `/media/${p}`),
      headers(origin, maybe('Range', v.arbRange, 6), maybe('If-Range', v.arbIfRange), maybe('If-None-Match', v.arbEtagList), maybe('If-Match', v.arbEtagList, 1), maybe('If-Modified-Since', v.arbDate, 1), maybe('If-Unmodified-Since', v.arbDate, 1)),
    ),
    req('OPTIONS', fc.constantFrom('/api/rooms', '/media/fuzz/clip.bin', '/uploads/', '/anything'), headers(origin, maybe('Access-Control-Request-Method', fc.constantFrom('POST', 'PATCH', 'X', '')), maybe('Access-Control-Request-Headers', v.arbHeaderText(60)))),
    req('GET', fc.tuple(fc.constantFrom('/watch/', '/host/', '/', '/player/app.js', '/healthz', '/metrics', '/api/cluster'), segment([s.room, ''])).map(([p, id]) => (p.endsWith('/') && p.length > 1 ? `${p}${id}` : p)), headers(origin, maybe('If-None-Match', v.arbEtagList))),
    req('GET', fc.tuple(segment([s.viewerToken, s.hostToken]), query).map(([t, q]) => `/ws?token=${t}${q.replace('?', '&')}`), headers(origin, fc.constant(['Upgrade', 'websocket']), fc.constant(['Connection', 'Upgrade']), maybe('Sec-WebSocket-Key', fc.oneof(fc.constant('dGhlIHNhbXBsZSBub25jZQ=='), v.arbHeaderText(30)), 8), maybe('Sec-WebSocket-Version', fc.constantFrom('13', '8', ''), 8))),
    req(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'TRACE'), fc.array(segment(['api', 'rooms', 'media', 'uploads', s.room]), { minLength: 1, maxLength: 5 }).map((p) => `/${p.join('/')}`), headers(auth, origin, contentType), fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined })),
  );
}
