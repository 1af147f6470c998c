/**
 * Lit adapter for solo viewing: one viewer plays a story alone, in this page,
 * with the same pure room core a server room runs (SoloSession), so every
 * rule (choices, loops, variables, quizzes, awards, hotspots) is the room's.
 * It provides the RoomView the playback controller and overlays read, so the
 * player draws a solo run exactly as it draws a room.
 *
 * Lifecycle: hostConnected loads the story, resumes a saved run, arms the cue
 * timer; hostDisconnected saves and stops. The run is saved on every input
 * and when the page is hidden, and reported to the story's analytics.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomCommand, RoomEvent } from '../../engine/room/room-types.ts';
import type { Story } from '../../engine/story.ts';
import type { RoomView } from '../controllers/room-view.ts';
import { CommandError, type CommandAck, type SessionStatus } from '../../client/session/session-types.ts';
import { applyEvent, modelFromSnapshot, type RoomModel } from '../sync/room-model.ts';
import { PlayReporter, newPlayId } from './play-reporter.ts';
import { SoloClock } from './solo-clock.ts';
import { parseSave, readSave, storyVersion, writeSave, type SaveStorage, type SoloSave } from './solo-save.ts';
import { RemoteSave } from './remote-save.ts';
import { resumeRun } from './solo-resume.ts';
import { revisitPoints, type RevisitPoint } from './solo-path.ts';
import { SoloSession } from './solo-session.ts';

export interface SoloOptions {
  /** Server origin ('' = this page's). */
  server: string;
  /** A story id (served at /api/stories/:id) or a URL of a story JSON. */
  story: string;
  /**
   * A story given as data instead (the studio's preview of a draft): the run
   * is ephemeral, neither saved nor reported, since the draft is nobody's story yet.
   */
  doc?: Story | null;
}

export class SoloController implements ReactiveController, RoomView {
  model: RoomModel | null = null;
  clock: SoloClock | null = null;
  status: SessionStatus = { kind: 'connecting', attempt: 0 };
  story: Story | null = null;
  session: SoloSession | null = null;
  /** Why the story cannot play, or null. */
  error: string | null = null;
  /** A one-off message for the viewer (the story changed since their last visit). */
  notice: string | null = null;
  /** A run of a story given as data (a studio preview): nothing is saved, reported or shared. */
  ephemeral = false;
  #version = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reporter: PlayReporter | null = null;
  #remote: RemoteSave | null = null;
  #pushTimer: ReturnType<typeof setTimeout> | undefined;
  #abort = new AbortController();

  constructor(
    private readonly host: ReactiveControllerHost,
    /** null when the element is not in solo mode. */
    private readonly options: () => SoloOptions | null,
    private storage: SaveStorage | undefined = globalThis.localStorage,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const options = this.options();
    if (!options) return;
    this.#abort = new AbortController();
    void this.#load(options);
  }

  hostDisconnected(): void {
    this.#save();
    this.#reporter?.flush(true);
    this.#reporter?.stop();
    this.#abort.abort();
    clearTimeout(this.#timer);
    clearTimeout(this.#pushTimer);
  }

  /** A command from the viewer, applied at session time now. */
  command(cmd: RoomCommand): Promise<CommandAck> {
    const session = this.session;
    if (!session || !this.clock) return Promise.reject(new CommandError('bad-state', 'the story is still loading', cmd));
    const step = session.run(this.clock.serverNow(), cmd);
    this.#applied(step.events);
    const r = step.result;
    if (r && !r.ok) return Promise.reject(new CommandError(r.code, r.message, cmd));
    return Promise.resolve({ id: `s${session.inputs().length}`, version: r?.version ?? 0, ...(r?.data ? { data: r.data } : {}) });
  }

  update(fn: (m: RoomModel) => RoomModel): void {
    if (this.model) this.#set(fn(this.model));
  }

  /**
   * A link that carries this run to another device (the save goes to the
   * server under a solo token, which rides in the link's fragment).
   */
  async shareLink(): Promise<string> {
    const save = this.#saveNow();
    if (!save || !this.#remote) throw new Error('the story is still loading');
    return this.#remote.link(save, location.href);
  }

  /** Choices on this run's path the viewer may return to, oldest first. */
  revisitable(lang?: string): RevisitPoint[] {
    return this.session ? revisitPoints(this.session, lang) : [];
  }

  /** Back to a choice on the path: variables as they were then; plays on from the choice's window. */
  goBack(point: RevisitPoint): void {
    const { session, clock } = this;
    if (!session || !clock) return;
    session.goBack(point, clock.serverNow());
    this.#reporter?.restart();
    this.#rebuild();
    void this.command({ type: 'play' });
  }

  /** From the start, as a new play. */
  playAgain(): void {
    const { session, clock } = this;
    if (!session || !clock) return;
    session.restore([]);
    this.#reporter?.restart();
    this.#rebuild();
    void this.command({ type: 'play' });
  }

  async #load(options: SoloOptions): Promise<void> {
    if (options.doc) return this.#start(options, options.doc, true);
    const url = /[/.]/.test(options.story) ? new URL(options.story, location.href).href : `${options.server}/api/stories/${encodeURIComponent(options.story)}`;
    let story: Story;
    try {
      const res = await fetch(url, { signal: this.#abort.signal });
      if (!res.ok) return this.#fail(res.status === 404 ? 'No such story.' : `The story could not be loaded (HTTP ${res.status}).`);
      const value: unknown = await res.json();
      // The server validated the stories it serves. The full validator is not bundled:
      // its schema compiler needs eval, which the pages' CSP forbids (and 200 KiB).
      if (!looksLikeStory(value)) return this.#fail('This is not a branchcast story (format branchcast/story@1).');
      story = value;
    } catch (e) {
      if (this.#abort.signal.aborted) return;
      return this.#fail(`The story could not be loaded (${(e as Error).message}).`);
    }
    await this.#start(options, story, false);
  }

  async #start(options: SoloOptions, story: Story, ephemeral: boolean): Promise<void> {
    this.ephemeral = ephemeral;
    if (ephemeral) this.storage = undefined;
    this.story = story;
    this.#version = storyVersion(story);
    this.#remote = new RemoteSave({ server: options.server, storyId: story.id, fetch: (u, init) => fetch(u, init), storage: this.storage });
    const saved = (await this.#arrivedSave(story.id)) ?? readSave(this.storage, story.id);
    this.session = new SoloSession(story);
    this.clock = new SoloClock();
    const resumed = resumeRun(this.session, saved, this.#version);
    this.clock.continueFrom(resumed.now);
    this.notice = resumed.notice;
    this.#reporter = new PlayReporter({
      url: `${options.server}/api/stories/${encodeURIComponent(story.id)}/plays`,
      storyVersion: this.#version,
      inputs: () => this.session?.inputs() ?? [],
      fetch: (u, init) => fetch(u, init),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
    }, saved?.play ?? newPlayId());
    this.status = { kind: 'open' };
    this.#rebuild();
    if (ephemeral) this.#reporter.stop();
    else void this.#checkPlayAnalytics(options.server);
    addEventListener('pagehide', () => {
      const save = this.#saveNow();
      if (save) void this.#remote?.push(save, true);
      this.#reporter?.flush(true);
    }, { signal: this.#abort.signal });
  }

  /** A server that takes no plays says so in GET /api/config: then nothing is posted at all. */
  async #checkPlayAnalytics(server: string): Promise<void> {
    try {
      const config = (await (await fetch(`${server}/api/config`, { signal: this.#abort.signal })).json()) as { playAnalytics?: unknown };
      if (config.playAnalytics === false) return this.#reporter?.stop();
    } catch {
      // an older server or offline: post, and let the answers decide
    }
    this.#reporter?.poke();
  }

  /** A save that came with a link from another device (#resume=TOKEN): the token is kept, and removed from the address bar. */
  async #arrivedSave(storyId: string): Promise<SoloSave | undefined> {
    const token = /(?:^#|&)resume=([^&]+)/.exec(location.hash)?.[1];
    if (!token || !this.#remote) return undefined;
    this.#remote.adopt(decodeURIComponent(token));
    history.replaceState(history.state, '', location.pathname + location.search);
    return parseSave(await this.#remote.pull(), storyId);
  }

  #fail(message: string): void {
    this.error = message;
    this.status = { kind: 'failed', reason: 'room-not-found', code: 0 };
    this.host.requestUpdate();
  }

  /** The model from a fresh snapshot (load, go back, play again). */
  #rebuild(): void {
    if (!this.session) return;
    this.#set(modelFromSnapshot(this.session.snapshot()));
    this.#save();
    this.#schedule();
  }

  #applied(events: RoomEvent[]): void {
    if (this.model && events.length > 0) this.#set(events.reduce(applyEvent, this.model));
    this.#save();
    this.#reporter?.poke();
    this.#schedule();
  }

  /** Arms one timer for the next cue, as LiveRoom does for a room. */
  #schedule(): void {
    clearTimeout(this.#timer);
    const { session, clock } = this;
    const at = session?.wakeAt();
    if (!session || !clock || at === undefined) return;
    this.#timer = setTimeout(() => this.#applied(session.tick(Math.max(at, clock.serverNow()))), Math.max(0, at - clock.serverNow()));
  }

  /** Saves in this browser now; a run linked to another device also goes to the server, at most every 5 s. */
  #save(): void {
    const save = this.#saveNow();
    if (!save) return;
    if (this.#remote?.token && this.#pushTimer === undefined) {
      this.#pushTimer = setTimeout(() => {
        this.#pushTimer = undefined;
        const latest = this.#saveNow();
        if (latest) void this.#remote?.push(latest);
      }, 5000);
    }
  }

  #saveNow(): SoloSave | undefined {
    const { session, clock, story } = this;
    if (!session || !clock || !story || !this.#reporter) return undefined;
    const save: SoloSave = { format: 'branchcast/solo-save@1', story: story.id, storyVersion: this.#version, log: [...session.inputs()], now: clock.serverNow(), savedAt: Date.now(), play: this.#reporter.play };
    writeSave(this.storage, save);
    return save;
  }

  #set(m: RoomModel): void {
    this.model = m;
    this.host.requestUpdate();
  }
}

function looksLikeStory(v: unknown): v is Story {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<Story>;
  return s.format === 'branchcast/story@1' && typeof s.id === 'string' && typeof s.nodes === 'object' && s.nodes !== null && typeof s.start === 'string' && Object.hasOwn(s.nodes, s.start);
}
