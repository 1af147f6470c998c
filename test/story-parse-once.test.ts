/**
 * A story is parsed once on its way from POST /api/stories to a running room
 * (issue 18): the engine's parser runs once on the posted text, and nothing
 * JSON.parse-s the story again — not the library, not room creation, not the
 * room's first viewer.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as ParseJsonModule from '../engine/parse-json.ts';
import { minimalStory } from './support/story-fixtures.ts';
import { resolveServerConfig } from '../server/config.ts';
import { createServer, type BranchcastServer } from '../server/server.ts';
import { RoomClient } from './support/room-client.ts';
import { makeTempDir, type TempDir } from './support/temp-dir.ts';

// Every text the engine's JSON parser is given (validation's parser, the only one parseStory uses).
const parsed = vi.hoisted(() => ({ texts: [] as string[] }));
vi.mock('../engine/parse-json.ts', async (importOriginal) => {
  const original = await importOriginal<typeof ParseJsonModule>();
  return {
    ...original,
    parseJson: (...args: Parameters<typeof original.parseJson>) => {
      parsed.texts.push(args[0]);
      return original.parseJson(...args);
    },
  };
});

const KEY = 'story-parse-once-operator-key-0123';
// A marker that appears in the story's text however it is serialized, and in no request or answer body read here.
const MARKER = 'parsed-once-marker-5d1c';
const story = { ...minimalStory(), id: 'parse-once', title: MARKER };

let dir: TempDir;
let server: BranchcastServer;
let base: string;

beforeAll(async () => {
  dir = await makeTempDir('branchcast-parse-once-');
  server = createServer(resolveServerConfig({ port: '0', data: dir.path, 'admin-key': KEY }, {}, dir.path), { log: () => undefined });
  base = (await server.listen()).url;
});
afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

async function post(path: string, body: string, key?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) }, body });
  return { status: res.status, text: await res.text() };
}

describe('POST /api/stories to a running room', () => {
  it('parses the story text once, with the engine parser, and never with JSON.parse', async () => {
    const jsonParse = vi.spyOn(JSON, 'parse');
    parsed.texts.length = 0;
    try {
      const saved = await post('/api/stories', JSON.stringify(story, null, 2), KEY);
      expect(saved.status, saved.text).toBe(201);
      const created = await post('/api/rooms', JSON.stringify({ story: story.id }), KEY);
      expect(created.status, created.text).toBe(201);
      const roomId = /"id":"([^"]+)"/.exec(created.text)?.[1] ?? '';
      const played = await fetch(`${base}/api/rooms/${roomId}/story`, { headers: { Authorization: `Bearer ${KEY}` } });
      expect(await played.text()).toContain(MARKER);
      const viewer = await post(`/api/rooms/${roomId}/viewers`, '{}');
      expect(viewer.status, viewer.text).toBe(201);
      const token = /"token":"([^"]+)"/.exec(viewer.text)?.[1] ?? '';
      const client = await RoomClient.connect(base, { token });
      try {
        const welcome = await client.welcome();
        expect(welcome.snapshot).toMatchObject({ story: story.id, node: 'a', phase: 'playing' });
      } finally {
        await client.close();
      }

      expect(parsed.texts.filter((text) => text.includes(MARKER))).toHaveLength(1);
      const storyJsonParses = jsonParse.mock.calls.filter(([text]) => typeof text === 'string' && text.includes(MARKER));
      expect(storyJsonParses).toEqual([]);
    } finally {
      jsonParse.mockRestore();
    }
    // The counters see what they claim to: parsing the story here is counted by both.
    parsed.texts.length = 0;
    const again = await post('/api/stories', JSON.stringify(story), KEY);
    expect(again.status).toBe(200);
    expect(parsed.texts.filter((text) => text.includes(MARKER))).toHaveLength(1);
  });
});
