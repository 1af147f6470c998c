/**
 * Helpers of the room backup tests: a room played over a real server's HTTP
 * API into a state no cue will change (paused, so an export and the live room
 * agree on the state hash), the room's state as the API reports it, a data
 * directory's every file and byte (to show a refused import wrote nothing), and
 * the CLI run through a shell with stdout redirected, the way operators run it.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, createRoom, postStory, viewerToken } from './rooms-api.ts';

const BIN = fileURLToPath(new URL('../../bin/branchcast.js', import.meta.url));

/** Ten minutes of one segment: nothing falls due while a test runs. */
export const backupStory = {
  format: 'branchcast/story@1',
  id: 'backup-story',
  title: 'Backup',
  start: 'a',
  nodes: {
    a: { media: { src: 'b/a.mpd', duration: 600 }, next: 'end' },
    end: { media: { src: 'b/end.mpd', duration: 10 }, ending: { title: 'End' } },
  },
};

async function command(base: string, room: string, token: string, cmd: Record<string, unknown>): Promise<void> {
  const r = await api(base, 'POST', `/api/rooms/${room}/commands`, { key: token, body: { cmd } });
  if (r.status !== 200) throw new Error(`command ${JSON.stringify(cmd)}: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Creates a room and plays it: play, comments from three viewers, pause. Returns its id. */
export async function playedRoom(base: string, key: string): Promise<string> {
  await postStory(base, key, backupStory);
  const room = await createRoom(base, key, backupStory.id);
  await command(base, room.id, room.hostToken, { type: 'play' });
  for (let i = 0; i < 3; i++) {
    const viewer = await viewerToken(base, room.id);
    await command(base, room.id, viewer.token, { type: 'comment', text: `comment ${i}`, at: 1 });
  }
  await command(base, room.id, room.hostToken, { type: 'pause' });
  return room.id;
}

/** `GET /api/rooms/:id` as the operator: its version and state hash. */
export async function roomState(base: string, key: string, room: string): Promise<{ status: number; version?: number; hash?: string; room?: string }> {
  const r = await api(base, 'GET', `/api/rooms/${room}`, { key });
  return { status: r.status, ...(r.status === 200 ? (r.body as { version: number; hash: string; room: string }) : {}) };
}

/** Every file under `dir` with its bytes (base64), by relative path: equal maps mean nothing was written. */
export async function dirContents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = (await readFile(path)).toString('base64');
  }
  return out;
}

/** `sh -c 'node bin/branchcast.js ARGS > OUT'`: the documented export, stdout redirected to a file. */
export function shellCli(args: string[], stdoutFile: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${quoted} > '${stdoutFile}'`], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
