/** Test support for analytics: a hand-built room log with every kind of interaction, and a strict CSV parser. */
import type { Story } from '../../engine/story.ts';
import type { CommandActor, RoomCommand, RoomInput } from '../../engine/room/room-types.ts';
import type { AnalyticsLogEntry } from '../../engine/analytics/analytics-types.ts';

export const T0 = 1_700_000_000_000;
const region = { x: 0.1, y: 0.1, w: 0.2, h: 0.2 };

export const analyticsStory: Story = {
  format: 'branchcast/story@1',
  id: 'an',
  title: 'Analytics, "quoted" story',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'a.mpd', duration: 10 },
      choice: { opens: 5, closes: 8, mode: 'vote', default: 'x', prompt: 'Which way?', options: [{ id: 'x', label: 'Go, X', to: 'c' }, { id: 'y', label: 'Y "why"', to: 'b' }] },
      quizzes: [{ id: 'q1', opens: 1, closes: 4, prompt: 'Pick, "one"\nplease', options: ['A', 'B, or not'], answer: 1, points: 10 }],
      hotspots: [
        { id: 'lip', kind: 'coupon', from: 0, to: 10, region, campaign: 'spring', limit: 100 },
        { id: 'site', kind: 'link', from: 0, to: 10, region, url: 'https://example.com' },
      ],
    },
    b: {
      media: { src: 'b.mpd', duration: 10 },
      choice: { opens: 1, closes: 5, mode: 'host', default: 'e1', options: [{ id: 'e1', label: 'E1', to: 'e1' }, { id: 'e2', label: 'E2', to: 'e2' }] },
    },
    c: { media: { src: 'c.mpd', duration: 5 }, ending: { title: 'C' } },
    e1: { media: { src: 'e1.mpd', duration: 5 }, ending: { title: 'E1' } },
    e2: { media: { src: 'e2.mpd', duration: 5 }, ending: { title: 'E2, the end' } },
  },
};

export const host: CommandActor = { sub: 'h', role: 'host' };
export const v = (n: number): CommandActor => ({ sub: `v${n}`, role: 'viewer' });

export const COMMENT_1 = 'Hello, "world"\r\nline two — ünïcödé 😀';
export const COMMENT_2 = '=1+1';

/** The log of a whole session (only what a server logs: accepted commands, eventful ticks, presence, close). */
export function analyticsLog(): AnalyticsLogEntry[] {
  const inputs: RoomInput[] = [];
  let n = 0;
  const cmd = (dt: number, actor: CommandActor, command: RoomCommand, id = `c${n++}`) => inputs.push({ type: 'command', t: T0 + dt, actor, id, command });
  const tick = (dt: number) => inputs.push({ type: 'tick', t: T0 + dt });
  const presence = (dt: number, actor: CommandActor, action: 'join' | 'leave') => inputs.push({ type: 'presence', t: T0 + dt, actor, action });

  presence(500, host, 'join');
  presence(600, v(1), 'join');
  presence(700, v(2), 'join');
  presence(800, v(3), 'join');
  cmd(1000, host, { type: 'play' }); // media 0 at T0+1000
  tick(2000); // q1 opens (media 1)
  cmd(2500, v(1), { type: 'answer', quiz: 'q1', option: 1 }, 'a1');
  cmd(2600, v(1), { type: 'answer', quiz: 'q1', option: 1 }, 'a1'); // a retry: logged, counted once
  cmd(3200, v(2), { type: 'answer', quiz: 'q1', option: 0 });
  cmd(4100, v(3), { type: 'answer', quiz: 'q1', option: 1 });
  tick(5000); // q1 closes (media 4)
  cmd(5100, v(1), { type: 'hotspot', hotspot: 'lip', action: 'impression' });
  cmd(5150, v(2), { type: 'hotspot', hotspot: 'lip', action: 'impression' });
  cmd(5200, v(1), { type: 'hotspot', hotspot: 'lip', action: 'click' });
  cmd(5300, v(1), { type: 'claim', hotspot: 'lip', code: 'SPRING-0001' });
  cmd(5400, v(2), { type: 'hotspot', hotspot: 'site', action: 'impression' });
  cmd(5500, v(2), { type: 'hotspot', hotspot: 'site', action: 'click' });
  tick(6000); // choice opens (media 5)
  cmd(6500, v(1), { type: 'vote', option: 'y' });
  cmd(6600, v(2), { type: 'vote', option: 'y' });
  cmd(6700, v(3), { type: 'vote', option: 'x' });
  cmd(7000, v(1), { type: 'comment', text: COMMENT_1, at: 6 });
  cmd(7100, v(2), { type: 'comment', text: COMMENT_2, at: 6.1 });
  tick(9000); // choice closes (media 8): y 2, x 1
  tick(11_000); // segment end: node b
  cmd(11_500, v(3), { type: 'comment', text: 'in b', at: 0.5 });
  tick(12_000); // b's choice opens
  cmd(12_500, host, { type: 'choose', option: 'e2' });
  cmd(13_000, host, { type: 'push-quiz', quiz: { id: 'poll', prompt: 'Fav, colour?', options: ['red', 'blue'] } });
  cmd(13_500, v(1), { type: 'answer', quiz: 'poll', option: 0 });
  cmd(13_600, v(3), { type: 'answer', quiz: 'poll', option: 1 });
  cmd(14_000, host, { type: 'close-quiz', quiz: 'poll' });
  presence(14_500, v(2), 'leave');
  presence(15_000, v(4), 'join');
  tick(21_000); // b ends: e2
  presence(21_500, v(4), 'leave');
  inputs.push({ type: 'close', t: T0 + 22_000 });
  return [{ k: 'create', room: 'r1', t: T0, story: analyticsStory }, ...inputs.map((input) => ({ k: 'input' as const, input }))];
}

/** A strict RFC 4180 parser: CRLF records, quoted fields with doubled quotes; anything else is an error. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (!text.endsWith('\r\n')) throw new Error('the last record must end with CRLF');
  while (i < n) {
    let value = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else {
          value += text[i];
          i += 1;
        }
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        value += text[i];
        i += 1;
      }
    }
    row.push(value);
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
    }
  }
  return rows;
}
