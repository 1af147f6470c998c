import { describe, expect, it } from 'vitest';
import { ConfigError, resolveServerConfig } from './config.ts';

describe('play analytics switch', () => {
  it('is on by default', () => {
    expect(resolveServerConfig({}, {}, '/srv').playAnalytics).toBe(true);
  });
  it('turns off with --no-play-analytics, whatever the environment says', () => {
    expect(resolveServerConfig({ 'no-play-analytics': true }, {}, '/srv').playAnalytics).toBe(false);
    expect(resolveServerConfig({ 'no-play-analytics': true }, { PLAY_ANALYTICS: 'on' }, '/srv').playAnalytics).toBe(false);
  });
  it.each([['off', false], ['OFF', false], ['0', false], ['false', false], ['no', false], ['on', true], ['1', true], ['', true]])('PLAY_ANALYTICS=%s → %s', (value, expected) => {
    expect(resolveServerConfig({}, { PLAY_ANALYTICS: value }, '/srv').playAnalytics).toBe(expected);
  });
  it('refuses other values', () => {
    expect(() => resolveServerConfig({}, { PLAY_ANALYTICS: 'maybe' }, '/srv')).toThrow(ConfigError);
  });
});
