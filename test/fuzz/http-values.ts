/**
 * Hostile values for the HTTP fuzz suite: one generator per header the
 * server parses, mixing the header's own grammar (near misses, boundaries,
 * huge numbers, long lists) with arbitrary text, and request bodies (JSON
 * that is almost right, arbitrary JSON, arbitrary bytes, msgpack).
 * Header values never hold CR, LF or NUL: those end the header in the HTTP
 * parser, which is uWS's, not what these suites test.
 */
import fc from 'fast-check';

/** Bytes a header value may carry: visible ASCII, space, tab and obs-text (0x80-0xff). */
const headerChar = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.constantFrom(0x09, 0x80, 0xa0, 0xc3, 0xff) }).map((c) => String.fromCharCode(c));
export const arbHeaderText = (maxLength = 80): fc.Arbitrary<string> => fc.string({ unit: headerChar, maxLength });

const digits = fc.oneof(
  fc.nat({ max: 5000 }).map(String),
  fc.constantFrom('0', '00', '007', '9007199254740991', '9007199254740992', '99999999999999999999', '1e3', '0x10', '-1', '+1', ' 1', '1 ', '1.5', ''),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
);
const etag = fc.oneof(fc.constantFrom('*', '"x"', 'W/"x"', '""', '"', 'W/', 'W/"', '"a", "b"', ',,,', '"a" "b"'), fc.string({ maxLength: 20 }).map((s) => `"${s.replace(/"/g, '')}"`), arbHeaderText(30));
const httpDate = fc.oneof(
  fc.date({ min: new Date(0), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom('Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 275760 00:00:00 GMT', 'Mon, 32 Foo 2020 99:99:99 GMT'),
);

const rangeSpec = fc.oneof(fc.tuple(digits, digits).map(([a, b]) => `${a}-${b}`), digits.map((d) => `-${d}`), digits.map((d) => `${d}-`), fc.constantFrom('', '-', ' ', '--1'));
export const arbRange = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 5000 }), fc.boolean()).map(([a, b, suffix]) => (suffix ? `bytes=-${b}` : `bytes=${Math.min(a, b)}-${Math.max(a, b)}`)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('bytes=', 'BYTES=', 'bytes =', 'items=', '=', ''), fc.array(rangeSpec, { minLength: 1, maxLength: 140 }), fc.constantFrom(',', ', ', ',,')).map(([unit, specs, comma]) => `${unit}${specs.join(comma)}`) },
  { weight: 1, arbitrary: arbHeaderText() },
);
export const arbIfRange = fc.oneof(etag, httpDate, arbHeaderText());
export const arbEtagList = fc.oneof(fc.array(etag, { maxLength: 70 }).map((tags) => tags.join(', ')), arbHeaderText());
export const arbDate = fc.oneof(httpDate, arbHeaderText(40));
export const arbInteger = fc.oneof({ weight: 4, arbitrary: digits }, { weight: 1, arbitrary: arbHeaderText(30) });
export const arbTusVersion = fc.oneof(fc.constantFrom('1.0.0', ' 1.0.0 ', '1.0', '0.2.2', '1.0.0, 0.2.2', ''), arbHeaderText(20));

const base64 = fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b).toString('base64'));
const metaKey = fc.oneof(fc.constantFrom('filename', 'filetype', '__proto__', 'constructor', 'toString', 'a,b', 'é', ''), fc.string({ maxLength: 12 }));
export const arbUploadMetadata = fc.oneof(
  fc.array(fc.tuple(metaKey, fc.oneof(base64, fc.constant(''), arbHeaderText(20))), { maxLength: 12 }).map((pairs) => pairs.map(([k, v]) => (v === '' ? k : `${k} ${v}`)).join(',')),
  arbHeaderText(),
);
export const arbUploadChecksum = fc.oneof(
  fc.tuple(fc.constantFrom('sha1', 'SHA256', 'sha512', 'md5', 'crc32', 'sha3-256', '', 'constructor'), base64).map(([a, d]) => `${a} ${d}`),
  arbHeaderText(),
);

export const arbOrigin = fc.oneof(
  fc.constantFrom('null', 'http://localhost:1', 'http://127.0.0.1:80', 'http://[::1]:3000', 'http://[::1', 'https://evil.example', 'http://localhost', 'http://localhost:99999', 'http://LOCALHOST:1', 'file://', '*', ''),
  fc.webUrl().map((u) => new URL(u).origin),
  arbHeaderText(),
);

/** Bearer credentials: the real ones (so checks past auth are reached), near misses, forged and arbitrary. */
export function arbAuthorization(secrets: string[]): fc.Arbitrary<string> {
  const real = fc.constantFrom(...secrets);
  const forged = fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([claims, mac]) => `${Buffer.from(JSON.stringify(claims) ?? 'null').toString('base64url')}.${Buffer.from(mac).toString('base64url')}`);
  return fc.oneof(
    { weight: 4, arbitrary: real.map((s) => `Bearer ${s}`) },
    { weight: 2, arbitrary: fc.tuple(real, fc.nat(), fc.constantFrom('A', '.', '=', '', '~~')).map(([s, i, c]) => `Bearer ${s.slice(0, i % (s.length + 1))}${c}${s.slice((i % (s.length + 1)) + 1)}`) },
    { weight: 1, arbitrary: forged.map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER  ', 'Basic', 'Bearer\t', ''), arbHeaderText(60)).map(([s, v]) => `${s} ${v}`) },
    { weight: 1, arbitrary: fc.nat({ max: 6000 }).map((n) => `Bearer ${'a'.repeat(n)}`) },
  );
}

/** A JSON text from `template` with one value replaced, removed, or a hostile key added, somewhere in it. */
export function arbJsonNear(template: unknown): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('replace', 'remove', 'extra'), fc.constantFrom('__proto__', 'constructor', 'prototype', 'type', 'id', '')).map(([n, value, how, key]) => {
    const copy = structuredClone(template) as unknown;
    const containers: Array<Record<string, unknown> | unknown[]> = [];
    const walk = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      containers.push(v as Record<string, unknown>);
      for (const child of Object.values(v)) walk(child);
    };
    walk(copy);
    const target = containers[n % Math.max(1, containers.length)];
    if (target === undefined) return JSON.stringify(value) ?? 'null';
    const keys = Object.keys(target);
    const at = keys[n % Math.max(1, keys.length)];
    if (how === 'extra' || at === undefined) Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    else if (how === 'remove') delete (target as Record<string, unknown>)[at];
    else (target as Record<string, unknown>)[at] = value;
    return JSON.stringify(copy);
  });
}

const utf8 = new TextEncoder();

/** A request body: near-valid JSON of `templates`, arbitrary JSON, deep nesting, or arbitrary bytes. */
export function arbJsonBody(templates: unknown[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...templates).chain(arbJsonNear).map((s) => utf8.encode(s)) },
    { weight: 1, arbitrary: fc.constantFrom(...templates).map((t) => utf8.encode(JSON.stringify(t))) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => utf8.encode(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('[', '{"a":')).map(([n, open]) => utf8.encode(open.repeat(n))) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
}
