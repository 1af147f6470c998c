import { describe, expect, it } from 'vitest';
import { formatUploadMetadata, parseUploadMetadata } from './parse-upload-metadata.ts';

describe('parseUploadMetadata', () => {
  it('decodes base64 values and value-less keys', () => {
    const result = parseUploadMetadata('filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential');
    expect(result).toEqual({ ok: true, metadata: { filename: 'world_domination_plan.pdf', is_confidential: '' } });
  });

  it('accepts an empty header and spaces around pairs', () => {
    expect(parseUploadMetadata('')).toEqual({ ok: true, metadata: {} });
    expect(parseUploadMetadata('a YQ==, b Yg==')).toEqual({ ok: true, metadata: { a: 'a', b: 'b' } });
  });

  it('keeps UTF-8 values', () => {
    const header = `title ${Buffer.from('Überfall – 強盗').toString('base64')}`;
    expect(parseUploadMetadata(header)).toEqual({ ok: true, metadata: { title: 'Überfall – 強盗' } });
  });

  it.each([
    ['duplicate keys', 'a YQ==,a Yg=='],
    ['non-base64 value', 'a not*base64'],
    ['bad padding', 'a YQ='],
    ['empty pair', 'a YQ==,,b Yg=='],
    ['extra space', 'a YQ== Yg=='],
  ])('rejects %s', (_name, header) => {
    expect(parseUploadMetadata(header).ok).toBe(false);
  });

  it('treats __proto__ as a plain key', () => {
    const result = parseUploadMetadata('__proto__ YQ==');
    expect(result.ok && Object.getPrototypeOf(result.metadata)).toBe(null);
    expect(result.ok && result.metadata['__proto__']).toBe('a');
  });

  it('round-trips through formatUploadMetadata', () => {
    const metadata = { filename: 'clip.mp4', filetype: 'video/mp4', flag: '' };
    const parsed = parseUploadMetadata(formatUploadMetadata(metadata));
    expect(parsed).toEqual({ ok: true, metadata });
  });
});
