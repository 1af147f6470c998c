import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostic.ts';
import type { MediaProbe } from './semantic-check.ts';
import { choiceStory, patch } from '../test/support/story-fixtures.ts';
import { validateStory } from './validate.ts';

const brief = (ds: Diagnostic[]) => ds.map((d) => [d.severity, d.code, d.path]);
const VTT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n';
const tracks = [
  { lang: 'en', src: 'a/captions.en.vtt', label: 'English', default: true },
  { lang: 'fr', src: 'a/captions.fr.vtt', label: 'Français' },
];
const withCaptions = (list: unknown) => patch(choiceStory(), '/nodes/a/media/captions', list);
const files = (content: Record<string, string>): MediaProbe => ({
  exists: (src) => src.endsWith('.mpd') || src in content,
  read: (src) => content[src],
});

describe('media.captions', () => {
  it('is clean without a media root, and with files that parse', () => {
    expect(validateStory(withCaptions(tracks))).toEqual([]);
    expect(validateStory(withCaptions(tracks), { media: files({ 'a/captions.en.vtt': VTT, 'a/captions.fr.vtt': VTT }) })).toEqual([]);
  });

  it('goes through the schema: required fields, a BCP 47 lang, at most 16 tracks', () => {
    expect(brief(validateStory(withCaptions([{ lang: 'english!', src: 'a.vtt', label: 'E' }])))[0]).toEqual(['error', 'schema', '/nodes/a/media/captions/0/lang']);
    expect(validateStory(withCaptions([{ lang: 'en', src: 'a.vtt' }])).some((d) => d.code === 'schema')).toBe(true);
    const many = Array.from({ length: 17 }, (_, i) => ({ lang: `e${String.fromCharCode(97 + i)}`, src: `a/${i}.vtt`, label: String(i) }));
    expect(validateStory(withCaptions(many)).some((d) => d.code === 'schema')).toBe(true);
  });

  it('flags a language listed twice (case-insensitively) and paths outside the media root', () => {
    const list = [...tracks, { lang: 'EN', src: '../up.vtt', label: 'Again' }];
    expect(brief(validateStory(withCaptions(list)))).toEqual([
      ['error', 'duplicate-id', '/nodes/a/media/captions/2/lang'],
      ['error', 'bad-media-src', '/nodes/a/media/captions/2/src'],
    ]);
  });

  it('with a media root: missing files, files that are not WebVTT, cues past the clip', () => {
    const late = 'WEBVTT\n\n00:00:19.000 --> 00:00:21.000\nToo late\n';
    const probe = files({ 'a/captions.en.vtt': 'not a caption file', 'a/captions.fr.vtt': late });
    expect(brief(validateStory(withCaptions([...tracks, { lang: 'de', src: 'a/captions.de.vtt', label: 'Deutsch' }]), { media: probe }))).toEqual([
      ['error', 'bad-captions', '/nodes/a/media/captions/0/src'],
      ['warning', 'captions-past-end', '/nodes/a/media/captions/1/src'],
      ['error', 'missing-media', '/nodes/a/media/captions/2/src'],
    ]);
    const bad = validateStory(withCaptions(tracks), { media: probe })[0];
    expect(bad?.message).toContain("line 1: missing the 'WEBVTT' header");
  });
});
