import { decode } from '@msgpack/msgpack';
import { Packr, Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { MSGPACK_OPTIONS } from './msgpack-options.ts';

describe('MSGPACK_OPTIONS', () => {
  it('writes plain msgpack that another library reads back as the same objects', () => {
    const value = { k: 'input', input: { t: 12.5, list: [1, 'two', null, true], nested: { a: 1 } } };
    const bytes = new Packr(MSGPACK_OPTIONS).pack(value);
    expect(decode(bytes)).toEqual(value);
    expect(new Unpackr(MSGPACK_OPTIONS).unpack(bytes)).toEqual(value);
  });

  it('is frozen, and msgpackr accepts it without writing to it', () => {
    expect(Object.isFrozen(MSGPACK_OPTIONS)).toBe(true);
    expect(() => new Unpackr(MSGPACK_OPTIONS)).not.toThrow();
    expect(() => new Packr(MSGPACK_OPTIONS)).not.toThrow();
  });
});
