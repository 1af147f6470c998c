/**
 * The README's "Client SDK" example, read from README.md (so the two cannot
 * drift), run with plain `node` in a directory where branchcast is installed,
 * against a real server: a bot that joins and votes, both when the vote is
 * already open at its join and when it opens later. The room must count it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchcastApi, type CreatedRoom } from '../client/index.ts';
import { makeLinkedPackageDir, REPO } from './support/linked-package.ts';
import { adminKeyFrom } from './support/rooms-api.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import type { TempDir } from './support/temp-dir.ts';

/** The first ```js block of the README's "## Client SDK" section. */
function readmeExample(readme: string): string {
  const section = /^## Client SDK\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  const code = section && /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ```js block under "## Client SDK"');
  return code;
}

const story = {
  format: 'branchcast/story@1',
  id: 'bot-vote',
  title: 'Bot vote',
  start: 'a',
  nodes: {
    a: {
      media: { src: 'bot/a.mpd', duration: 600 },
      choice: { opens: 0.5, closes: 590, mode: 'vote', default: 'x', options: [{ id: 'x', label: 'X', to: 'b' }, { id: 'y', label: 'Y', to: 'b' }] },
    },
    b: { media: { src: 'bot/b.mpd', duration: 1 }, ending: { title: 'B' } },
  },
};

let server: ServerProcess;
let consumer: TempDir;
let operator: BranchcastApi;

beforeAll(async () => {
  server = await startServerProcess();
  operator = new BranchcastApi({ server: server.url, credential: adminKeyFrom(server.output()) });
  await operator.createStory(story);
  consumer = await makeLinkedPackageDir('branchcast-bot-');
  await writeFile(join(consumer.path, 'bot.mjs'), readmeExample(readFileSync(join(REPO, 'README.md'), 'utf8')));
});
afterAll(async () => {
  await server?.stop();
  await consumer?.remove();
});

interface BotRun {
  exited: Promise<{ code: number | null; output: string }>;
}

function startBot(roomId: string): BotRun {
  const child = spawn(process.execPath, ['bot.mjs', roomId], { cwd: consumer.path, env: { ...process.env, BRANCHCAST_URL: server.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return { exited: new Promise((resolve) => child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); })) };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function openRoom(): Promise<CreatedRoom> {
  return operator.createRoom('bot-vote');
}

async function expectOneVoteForX(room: CreatedRoom, run: BotRun): Promise<void> {
  const { code, output } = await run.exited;
  expect(output).toMatch(/voted x \(acknowledged at room version \d+\)/);
  expect(code, output).toBe(0);
  expect((await operator.getRoom(room.id)).choice?.counts).toEqual({ x: 1, y: 0 });
}

describe('README Client SDK example', () => {
  it('votes in a vote that is already open when it joins', async () => {
    const room = await openRoom();
    await operator.as(room.hostToken).postCommand(room.id, { type: 'play' });
    await until(async () => (await operator.getRoom(room.id)).phase === 'open', 'the vote to open');
    await expectOneVoteForX(room, startBot(room.id));
  });

  it('waits for a vote that opens after it joined, then votes', async () => {
    const room = await openRoom();
    const run = startBot(room.id);
    // Joined (the room counts a viewer), and the vote not open yet: only then does the host play.
    await until(async () => (await operator.analytics(room.id)).presence.uniqueViewers === 1, 'the bot to join');
    expect((await operator.getRoom(room.id)).phase).toBe('playing');
    await operator.as(room.hostToken).postCommand(room.id, { type: 'play' });
    await expectOneVoteForX(room, run);
  });
});
