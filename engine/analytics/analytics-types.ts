import type { ChoiceMode, HotspotKind } from '../story.ts';
import type { LogEntry } from '../room/log-entry.ts';
import type { QuizResults, Role } from '../room/room-types.ts';

/** One record of a room's log, as analytics reads it: the create record (the whole story) first, then every logged input. */
export type AnalyticsLogEntry = LogEntry;

/**
 * How a branch was decided:
 * - `vote`: the audience's leader when a vote window closed;
 * - `default`: a vote window closed with no votes or a tie, or a host-mode window closed without the host;
 * - `timer`: a timer-mode window ran out and the default played;
 * - `host`: the host forced an option (any mode);
 * - `viewer`: a viewer acted in timer mode (or through a choice hotspot).
 */
export type DecidedBy = 'vote' | 'default' | 'timer' | 'host' | 'viewer';

/** One decided choice: the `switch` the room announced. */
export interface ChoiceDecision {
  /** Server time (epoch ms) of the input that decided it. */
  t: number;
  version: number;
  node: string;
  mode: ChoiceMode;
  option: string;
  label: string;
  to: string;
  decidedBy: DecidedBy;
  /** The final tally, per option open at the time (in option order). */
  counts: Record<string, number>;
  totalVotes: number;
}

/** One run of a quiz (a story quiz per visit of its node, or a pushed one) and its results. */
export interface QuizRecord {
  quiz: string;
  /** The node whose cue opened it; null for an ad-hoc (pushed) quiz. */
  node: string | null;
  prompt: string;
  options: string[];
  /** The correct option index; absent for a poll. */
  answer?: number;
  points: number;
  openedAt: number;
  /** Null while still open when the log ends (the room closed first). */
  closedAt: number | null;
  /** The results the room announced at close (or, for a run still open, computed the same way). */
  results: QuizResults;
}

/** One viewer's (first, counted) answer to one quiz run. */
export interface AnswerRecord {
  quiz: string;
  node: string | null;
  sub: string;
  /** Server time of the answer. */
  t: number;
  option: number;
  /** Null for a poll (no correct option). */
  correct: boolean | null;
  /** Milliseconds after the quiz opened. */
  ms: number;
  /** Points this answer earned (0 until its quiz closed). */
  points: number;
  /** The subject's running score once this quiz closed (or now, if it is still open). */
  score: number;
}

/** A subject's quiz totals. */
export interface ScoreRecord {
  sub: string;
  answered: number;
  correct: number;
  score: number;
}

export interface HotspotRecord {
  hotspot: string;
  node: string | null;
  kind: HotspotKind | null;
  campaign: string | null;
  impressions: number;
  clicks: number;
  claims: number;
  /** Distinct subjects that saw, tapped or claimed it. */
  viewers: number;
}

export interface ClaimRecord {
  t: number;
  hotspot: string;
  campaign: string | null;
  sub: string;
  code: string;
}

export interface CommentRecord {
  id: string;
  t: number;
  sub: string;
  node: string;
  /** Media time (s) in `node`. */
  at: number;
  text: string;
}

/** A host's moderation action (issue 19), as the room logged it. */
export interface ModerationRecord {
  t: number;
  action: 'mute' | 'unmute' | 'remove-comment' | 'kick' | 'comment-policy';
  /** The host who did it. */
  by: string | null;
  /** The viewer muted, unmuted or kicked. */
  sub?: string;
  /** The comment removed. */
  comment?: string;
  /** The policy set: comments a minute in the room (0: no cap) and how many words are masked. */
  perMinute?: number;
  words?: number;
}

export interface PresenceRecord {
  t: number;
  sub: string;
  role: Role;
  action: 'join' | 'leave';
  /** Connections present right after it. */
  present: number;
}

/** Everything countable about one room, replayed from its log. */
export interface RoomAnalytics {
  room: {
    id: string;
    story: string;
    title: string;
    /** Server times, epoch ms. */
    created: number;
    closed: number | null;
    /** Last input's time (the log's end). */
    lastEventAt: number;
    /** `closed` (or the log's end) minus `created`. */
    durationMs: number;
    version: number;
    /** The ending reached, if any. */
    ending: { node: string; title: string; t: number } | null;
  };
  choices: ChoiceDecision[];
  quizzes: QuizRecord[];
  answers: AnswerRecord[];
  scores: ScoreRecord[];
  hotspots: HotspotRecord[];
  claims: ClaimRecord[];
  comments: {
    total: number;
    perNode: Record<string, number>;
    perViewer: Record<string, number>;
    list: CommentRecord[];
  };
  /** Hosts' moderation, in log order. */
  moderation: ModerationRecord[];
  presence: {
    joins: number;
    leaves: number;
    uniqueViewers: number;
    uniqueHosts: number;
    peakConcurrent: number;
    events: PresenceRecord[];
  };
  /** Inputs the replay could not apply as logged (should be empty: a non-empty list means the log and the room core disagree). */
  problems: string[];
}
