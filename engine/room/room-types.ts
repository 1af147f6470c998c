import type { StoryContext } from '../machine-types.ts';
import type { VoteBook } from '../tally.ts';
import type { Timeline } from '../timeline.ts';
import type { ChoiceMode } from '../story.ts';

export type Role = 'host' | 'viewer';

/** Who sent a command: the verified token's subject and role. */
export interface CommandActor {
  sub: string;
  role: Role;
}

/** A quiz a host pushes ad hoc (teacher mode), outside the story's own quizzes. */
export interface AdHocQuiz {
  id: string;
  prompt: string;
  options: string[];
  /** Index of the correct option; a poll has none. */
  answer?: number;
  points?: number;
  /** Closes by itself after this many seconds of room time (playing or not); else the host closes it. */
  seconds?: number;
}

/** What viewers and hosts ask a room to do. Roles are checked by the room, not trusted from clients. */
export type RoomCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; position: number }
  | { type: 'vote'; option: string }
  | { type: 'choose'; option: string }
  /** Answer an open quiz with an option index; the first answer counts. */
  | { type: 'answer'; quiz: string; option: number }
  | { type: 'push-quiz'; quiz: AdHocQuiz }
  | { type: 'close-quiz'; quiz: string }
  /** A hotspot was shown to (impression) or tapped by (click) this viewer. */
  | { type: 'hotspot'; hotspot: string; action: 'impression' | 'click' }
  /**
   * Claim a coupon hotspot. Clients send only `hotspot`; the server adds the
   * `code` its campaign ledger issued before the command is logged, so the log
   * alone says who got which code.
   */
  | { type: 'claim'; hotspot: string; code?: string }
  /** A time-coded comment at media time `at` of the current node. The server may replace `text` with its filtered version. */
  | { type: 'comment'; text: string; at: number }
  /** Host moderation (room-moderation.ts): each is a logged command, so it replays and shows in analytics. */
  | { type: 'mute'; sub: string }
  | { type: 'unmute'; sub: string }
  | { type: 'remove-comment'; comment: string }
  | { type: 'kick'; sub: string }
  /** The room's comment policy, replacing the last one: at most `perMinute` viewers' comments a minute in the whole room (0: no cap), and `words` masked in every comment. */
  | { type: 'comment-policy'; perMinute: number; words: string[] };

export type RoomCommandType = RoomCommand['type'];

/** One entry of a room's event log. The room's state is the fold of its log. */
export type RoomInput = (
  | { type: 'command'; t: number; actor: CommandActor; id: string; command: RoomCommand }
  /** The server's cue scheduler woke up at `t`: fire every cue that is due. */
  | { type: 'tick'; t: number }
  /** A viewer or host joined or left (for analytics; changes only the presence count). */
  | { type: 'presence'; t: number; actor: CommandActor; action: 'join' | 'leave' }
  | { type: 'close'; t: number }
  /**
   * Viewers' votes merged by another cluster node (issue 8): each entry is one
   * vote command `[sub, id, option]`, applied in order exactly as that command
   * would be (per-subject dedup by id, one live vote per subject). Only the
   * accepted entries are logged, so replaying the batch refuses none.
   */
  | { type: 'votes'; t: number; votes: Array<[sub: string, id: string, option: string]> }
) & {
  /**
   * The vote-mode choices this input closed, in order, as the owner decided
   * them (set by the owner when it logs the input). A fold that skips votes (a
   * cluster follower, `FoldOptions.skipVotes`) has no vote book, so it takes
   * the winner and the counts from here; a full fold recomputes them from its
   * votes, which gives the same.
   */
  decided?: VoteDecision[];
};

/** A vote-mode choice closing: the winning option and the counts it won with. */
export interface VoteDecision {
  option: string;
  counts: Record<string, number>;
}

/**
 * How an input is folded. `skipVotes` is a cluster follower's fold: votes
 * never enter its vote book (`votes` inputs only fire the cues due at their
 * time, vote commands are checked but not counted) and a vote choice closes
 * as the input's `decided` says. Its state is then the owner's state at the
 * same record with an empty vote book (and fewer remembered vote ids).
 */
export interface FoldOptions {
  skipVotes?: boolean;
}

/** `internal`: the server hit a bug handling this frame or command (counted and logged; retrying may help). */
/** `muted`: a host muted this subject's comments. */
export type ErrorCode = 'not-allowed' | 'bad-state' | 'rate-limited' | 'invalid' | 'internal' | 'muted';

/** A command's answer. `data` carries what only the sender gets, e.g. `{code}` for a coupon claim. */
export type CommandResult = { ok: true; version: number; data?: Record<string, unknown> } | { ok: false; code: ErrorCode; message: string };

/** One run of a quiz: a story quiz during one visit of its node, or an ad-hoc one. */
export interface QuizRun {
  id: string;
  /** The node whose cue opened it; null for an ad-hoc quiz. */
  node: string | null;
  prompt: string;
  options: string[];
  answer?: number;
  points: number;
  /** Server time (epoch ms) it opened. */
  openedAt: number;
  /** Server time an ad-hoc quiz closes by itself. */
  closesAt?: number;
  closedAt?: number;
  /** First answer per subject: option index and ms after opening. */
  answers: Record<string, { option: number; ms: number }>;
}

/** An open quiz as clients see it (no answers): in `quiz-open` events and in snapshots. */
export interface OpenQuiz {
  quiz: string;
  /** The node whose cue opened it; null for an ad-hoc quiz. */
  node: string | null;
  prompt: string;
  options: string[];
  points: number;
  /** Media time of the close, for a story quiz. */
  closes?: number;
  /** Server time of the close, for a timed ad-hoc quiz. */
  closesAt?: number;
}

/** Results of a quiz run: what the heatmap and analytics show. */
export interface QuizResults {
  quiz: string;
  /** Answers per option, in option order. */
  counts: number[];
  total: number;
  /** Correct answers and their share (absent for a poll without an answer). */
  correct?: number;
  correctRatio?: number;
  /** Answers per one-second bucket after opening: buckets[i] counts answers in [i s, i+1 s). */
  buckets: number[];
  /** The heatmap: buckets per option, heat[option][second]. */
  heat: number[][];
}

/** Counters of one hotspot. */
export interface HotspotCounts {
  impressions: number;
  clicks: number;
  claims: number;
}

/** A decided branch switch, waiting for its media position. */
export interface PendingSwitch {
  option: string;
  to: string;
  /** Media position (s) in the current node where the switch happens. */
  atMedia: number;
}

/** The authoritative state of one room. Everything in it is covered by the state hash except `recent`. */
export interface RoomState {
  room: string;
  story: string;
  /** Incremented by every versioned event. */
  version: number;
  timeline: Timeline;
  /** The compiled story's snapshot, as plain data (restored with machine.resolveState). */
  machine: { value: string | Record<string, string>; context: StoryContext };
  /** Live votes of the open choice. */
  votes: VoteBook;
  /** Cue keys fired during this visit of the current node (see cueKey). */
  fired: string[];
  pendingSwitch: PendingSwitch | null;
  closed: boolean;
  /** Quiz runs by quiz id (a story quiz reopened on a later visit replaces its earlier run). */
  quizzes: Record<string, QuizRun>;
  /** Running quiz score per subject. */
  scores: Record<string, number>;
  /** Impressions, clicks and claims per hotspot id. */
  hotspots: Record<string, HotspotCounts>;
  /** Server times of each subject's recent comments, for the per-viewer comment rate limit. */
  commentTimes: Record<string, number[]>;
  /** Comments accepted so far. */
  comments: number;
  /** Connections present now (joins minus leaves). */
  present: number;
  /** Recent command ids and results per subject, so a retried command is answered, not re-applied. */
  recent: Record<string, Array<[string, CommandResult]>>;
  /** What hosts decided (room-moderation.ts); absent until the first moderation command, so older logs and snapshots fold as before. */
  moderation?: ModerationState;
}

/** A room's moderation: who is muted or removed, which comments are gone, the comment policy. */
export interface ModerationState {
  muted: Record<string, true>;
  /** Subjects a host kicked: their tokens for this room are refused (server/ws/kick-gate.ts). */
  kicked: Record<string, true>;
  /** Ids of removed comments. */
  removed: Record<string, true>;
  /** Viewers' comments allowed per minute in the whole room; 0 is no cap. */
  perMinute: number;
  /** Words masked in comments (case-insensitive, whole words). */
  words: string[];
  /** Server times of the viewers' comments of the last minute, for the room-wide cap. */
  recentComments: number[];
}

/** Every state change clients must see, each carrying the room version it produced. */
export type RoomEvent =
  | { type: 'timeline'; version: number; timeline: Timeline }
  | {
      type: 'choice-open';
      version: number;
      node: string;
      mode: ChoiceMode;
      prompt?: string;
      options: Array<{ id: string; label: string }>;
      default: string;
      /** Media position (s) where the window closes. */
      closes: number;
    }
  | { type: 'switch'; version: number; node: string; option: string; to: string; atMedia: number; counts: Record<string, number> }
  | { type: 'node'; version: number; node: string; from: string; option?: string; timeline: Timeline }
  | { type: 'ended'; version: number; node: string; title: string }
  | { type: 'closed'; version: number }
  | ({ type: 'quiz-open'; version: number } & OpenQuiz)
  /** The final results (the heatmap's last frame); `answer` reveals the correct option. */
  | { type: 'quiz-close'; version: number; quiz: string; answer?: number; results: QuizResults }
  | { type: 'comment'; version: number; id: string; sub: string; node: string; at: number; text: string; t: number }
  | { type: 'muted'; version: number; sub: string; muted: boolean }
  | { type: 'comment-removed'; version: number; id: string }
  /** The subject was removed from the room: its sockets close with 4009 and its tokens are refused. */
  | { type: 'kicked'; version: number; sub: string }
  /** The comment policy changed; `words` is how many words are masked (the list itself stays with the hosts). */
  | { type: 'comment-policy'; version: number; perMinute: number; words: number };

export type RoomEventType = RoomEvent['type'];

/** What one input did: versioned events to broadcast, the command's result, and whether the live tally moved. */
export interface RoomStep {
  events: RoomEvent[];
  result?: CommandResult;
  /** One result per entry of a `votes` input, in order. */
  results?: CommandResult[];
  tallyChanged: boolean;
  /** The vote-mode choices this input closed, in order: what the owner logs as the input's `decided`. */
  decided?: VoteDecision[];
}
