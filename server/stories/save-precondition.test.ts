import { describe, expect, it } from 'vitest';
import { checkSaveConditions } from './save-precondition.ts';

const put = { requireCondition: true };
describe('checkSaveConditions', () => {
  it('follows RFC 9110 for If-Match and If-None-Match, and RFC 6585 for a missing condition', () => {
    expect(checkSaveConditions(put, undefined)).toBe('ok');
    expect(checkSaveConditions(put, 'v1')).toBe('required');
    expect(checkSaveConditions({ requireCondition: false }, 'v1')).toBe('ok');
    expect(checkSaveConditions({ ...put, ifMatch: '"v1"' }, 'v1')).toBe('ok');
    expect(checkSaveConditions({ ...put, ifMatch: '"v0", "v1"' }, 'v1')).toBe('ok');
    expect(checkSaveConditions({ ...put, ifMatch: 'W/"v1"' }, 'v1')).toBe('failed');
    expect(checkSaveConditions({ ...put, ifMatch: 'v1' }, 'v1')).toBe('failed');
    expect(checkSaveConditions({ ...put, ifMatch: '"v0"' }, 'v1')).toBe('failed');
    expect(checkSaveConditions({ ...put, ifMatch: '*' }, 'v1')).toBe('ok');
    expect(checkSaveConditions({ ...put, ifMatch: '*' }, undefined)).toBe('failed');
    expect(checkSaveConditions({ ...put, ifMatch: '"v1"' }, undefined)).toBe('failed');
    expect(checkSaveConditions({ ...put, ifNoneMatch: '*' }, undefined)).toBe('ok');
    expect(checkSaveConditions({ ...put, ifNoneMatch: '*' }, 'v1')).toBe('failed');
    expect(checkSaveConditions({ ...put, ifNoneMatch: 'W/"v1"' }, 'v1')).toBe('failed');
    expect(checkSaveConditions({ ...put, ifNoneMatch: '"v0"' }, 'v1')).toBe('ok');
  });
});
