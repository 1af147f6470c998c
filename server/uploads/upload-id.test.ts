import { describe, expect, it } from 'vitest';
import { isUploadId, newUploadId } from './upload-id.ts';

describe('newUploadId', () => {
  it('is a well-shaped id that never starts with "-" (one in 64 raw base64url ids does)', () => {
    const ids = Array.from({ length: 10_000 }, newUploadId);
    expect(ids.every(isUploadId)).toBe(true);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
