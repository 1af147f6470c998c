import { describe, expect, it } from 'vitest';
import { activeCues, parseVtt } from './webvtt.ts';

describe('parseVtt', () => {
  it('reads cues in both time forms, with identifiers, settings, NOTE and STYLE blocks', () => {
    const text = 'WEBVTT - demo\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\n1\n00:00:01.000 --> 00:00:02.500 align:start\nHello\nworld\n\n00:03.000 --> 00:04.000\nBye\n';
    expect(parseVtt(text)).toEqual({ ok: true, cues: [{ start: 1, end: 2.5, text: 'Hello\nworld' }, { start: 3, end: 4, text: 'Bye' }] });
  });

  it('accepts a BOM and CRLF line ends', () => {
    const result = parseVtt('\uFEFFWEBVTT\r\n\r\n00:00:00.000 --> 00:00:02.000\r\nHi\r\n');
    expect(result).toEqual({ ok: true, cues: [{ start: 0, end: 2, text: 'Hi' }] });
  });

  it('refuses a file without the header', () => {
    expect(parseVtt('00:00:00.000 --> 00:00:02.000\nHi\n')).toEqual({ ok: false, line: 1, message: "missing the 'WEBVTT' header" });
    expect(parseVtt('WEBVTTX\n')).toMatchObject({ ok: false, line: 1 });
  });

  it('locates malformed timings', () => {
    expect(parseVtt('WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nHi\n')).toMatchObject({ ok: false, line: 3 });
    expect(parseVtt('WEBVTT\n\nid\n1:2.5 --> 00:02.000\nHi\n')).toMatchObject({ ok: false, line: 4 });
    expect(parseVtt('WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nHi\n')).toMatchObject({ ok: false, line: 3, message: expect.stringContaining('at or before') });
    expect(parseVtt('WEBVTT\n\njust text\n')).toMatchObject({ ok: false, line: 3 });
  });

  it('takes an empty file with only the header as no cues', () => {
    expect(parseVtt('WEBVTT\n')).toEqual({ ok: true, cues: [] });
  });
});

describe('activeCues', () => {
  it('includes the start and excludes the end', () => {
    const cues = [{ start: 0, end: 2, text: 'a' }, { start: 2, end: 4, text: 'b' }];
    expect(activeCues(cues, 2).map((c) => c.text)).toEqual(['b']);
    expect(activeCues(cues, 4)).toEqual([]);
  });
});
