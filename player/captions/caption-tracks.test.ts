import { describe, expect, it } from 'vitest';
import type { Captions } from '../../engine/story.ts';
import { cuePlainText, pickTrack } from './caption-tracks.ts';

const en: Captions = { lang: 'en', src: 'a/captions.en.vtt', label: 'English' };
const fr: Captions = { lang: 'fr-CA', src: 'a/captions.fr.vtt', label: 'Français' };

describe('pickTrack', () => {
  it("takes the viewer's language, by primary subtag when the region differs", () => {
    expect(pickTrack([en, fr], 'fr', [])).toBe(fr);
    expect(pickTrack([en, fr], 'EN-gb', [])).toBe(en);
  });
  it('falls back to the default track, then the browser languages, and shows nothing when off', () => {
    expect(pickTrack([en, { ...fr, default: true }], 'de', ['en-US'])).toMatchObject({ lang: 'fr-CA' });
    expect(pickTrack([en, fr], null, ['de', 'fr-FR'])).toBe(fr);
    expect(pickTrack([en, fr], null, ['de'])).toBeUndefined();
    expect(pickTrack([{ ...en, default: true }], 'off', ['en'])).toBeUndefined();
  });
});

describe('cuePlainText', () => {
  it('drops WebVTT tags and decodes entities', () => {
    expect(cuePlainText('<v Ana><i>Hands</i> up &amp; &lt;now&gt;</v>')).toBe('Hands up & <now>');
  });
});
