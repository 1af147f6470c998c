/**
 * The room a server fuzz suite plays in, and its state hash between batches.
 *
 * A paused room changes only through commands (docs/protocol.md §5: the
 * timeline does not move, so no cue falls due), with one exception: an
 * ad-hoc quiz with `seconds` closes on room time. settle() therefore pauses
 * the room and closes every timed quiz after a batch that was acknowledged
 * something, and only then reads the hash the next batch is compared with.
 * A room that reached its ending (a host seek to the end) is replaced.
 */
import { pack } from 'msgpackr';
import { api, createRoom, viewerToken } from '../support/rooms-api.ts';
import { BatchSocket } from './ws-batch.ts';
import { FUZZ_STORY_ID } from './fuzz-story.ts';

interface SnapshotBody {
  hash: string;
  ended: boolean;
  closed: boolean;
  quizzes?: Array<{ quiz: string; closesAt?: number }>;
}

export class FuzzRoom {
  id = '';
  hostToken = '';
  /** The state hash after the last settle(): what an unacknowledged batch must leave. */
  hash = '';
  /** Rooms this suite used (a replaced one ended). */
  rooms = 0;

  constructor(
    private readonly base: string,
    private readonly port: number,
    private readonly key: string,
  ) {}

  async viewerToken(): Promise<string> {
    return (await viewerToken(this.base, this.id)).token;
  }

  async snapshot(): Promise<SnapshotBody> {
    const r = await api(this.base, 'GET', `/api/rooms/${this.id}`, { key: this.key });
    if (r.status !== 200) throw new Error(`GET /api/rooms/${this.id}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as SnapshotBody;
  }

  /** Pauses, closes timed quizzes, replaces an ended room, and records the hash. */
  async settle(): Promise<void> {
    if (this.id === '') await this.replace();
    let snapshot = await this.snapshot();
    if (snapshot.ended || snapshot.closed) {
      await this.replace();
      snapshot = await this.snapshot();
    }
    const timed = (snapshot.quizzes ?? []).filter((q) => q.closesAt !== undefined).map((q) => q.quiz);
    const { socket } = await BatchSocket.join(this.port, this.hostToken);
    const frames = [{ type: 'pause' }, ...timed.map((quiz) => ({ type: 'close-quiz', quiz }))].map((cmd, i) => ({ bytes: pack({ t: 3, id: `settle-${Date.now()}-${i}`, cmd }) }));
    const { answers } = await socket.exchange(frames);
    await socket.close();
    if (answers.length !== frames.length) throw new Error(`settle: ${answers.length} answers to ${frames.length} commands`);
    this.hash = (await this.snapshot()).hash;
  }

  private async replace(): Promise<void> {
    const room = await createRoom(this.base, this.key, FUZZ_STORY_ID);
    this.id = room.id;
    this.hostToken = room.hostToken;
    this.rooms += 1;
  }
}
