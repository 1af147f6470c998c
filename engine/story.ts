/**
 * Story format v1: the TypeScript view of `story.schema.json`.
 * The schema is the contract for editors and third parties; these types are
 * what the engine works with once a story has validated clean.
 */

export const STORY_FORMAT = 'branchcast/story@1';

/** A variable's value. The initial value fixes its type for the whole story. */
export type Scalar = number | boolean | string;

/**
 * A text viewers read: a plain string, or the same text per language
 * (`{ "en": "Left", "fr": "Gauche" }`) when the story lists `languages`.
 * Turn it into a string with `textIn` (engine/text.ts).
 */
export type Text = string | Record<string, string>;

/** Seconds on a node's media timeline. */
export type MediaTime = number;

/**
 * A JSON-Logic-style condition: data, never code.
 * `{ ">": [{ "var": "trust" }, 0] }`, `{ "and": [c1, c2] }`, `{ "not": c }`,
 * `{ "in": [{ "var": "role" }, ["spy", "thief"]] }`, or a bare literal / var.
 */
export type Condition =
  | Scalar
  | VarRef
  | { '==': [Operand, Operand] }
  | { '!=': [Operand, Operand] }
  | { '<': [Operand, Operand] }
  | { '<=': [Operand, Operand] }
  | { '>': [Operand, Operand] }
  | { '>=': [Operand, Operand] }
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition }
  | { in: [Operand, Scalar[] | string | VarRef] };

export interface VarRef {
  var: string;
}

/** What a comparison compares: a literal, a variable, or (for booleans) a nested condition. */
export type Operand = Scalar | VarRef | Condition;

/** A change to variables. `set` assigns, `add` increments numbers, `toggle` flips booleans. */
export interface Effect {
  set?: Record<string, Scalar>;
  add?: Record<string, number>;
  toggle?: string[];
}

/** A node effect, applied when the node is entered. */
export interface NodeEffect extends Effect {
  on: 'enter';
}

export interface Media {
  /** Path relative to the media root, usually a DASH manifest. */
  src: string;
  /** Seconds. Cue times must fall inside [0, duration]. */
  duration: number;
  poster?: string;
  /** WebVTT caption tracks, one per language; timed on this node's media timeline. */
  captions?: Captions[];
}

export interface Captions {
  /** BCP 47 tag, e.g. `en` or `pt-BR`; unique within a node. */
  lang: string;
  /** WebVTT file relative to the media root (same rules as `src`). */
  src: string;
  /** Shown in the player's language menu, e.g. `Français`. */
  label: string;
  /** Shown when the viewer has not picked a language. */
  default?: boolean;
}

export type ChoiceMode = 'vote' | 'host' | 'timer';

export interface ChoiceOption {
  id: string;
  label: Text;
  /** Target node id. */
  to: string;
  /** Shown and choosable only while this holds. The default option may not have one. */
  if?: Condition;
  effects?: Effect[];
  /** Relative likelihood of being picked (≥ 0), a prefetch hint for players; default 1. */
  weight?: number;
}

export interface Choice {
  prompt?: Text;
  opens: MediaTime;
  closes: MediaTime;
  mode: ChoiceMode;
  /** Option id taken on ties, no votes, timer expiry, or host absence. Must be unguarded. */
  default: string;
  options: ChoiceOption[];
  /** Media time of the branch switch; defaults to the end of the segment. */
  switchAt?: MediaTime;
  /**
   * Loop while waiting: if the segment ends before the choice resolves, replay
   * from `from` (default `opens`). With `host` mode the choice then stays open
   * past `closes` until the host picks.
   */
  loop?: boolean | { from: MediaTime };
  /**
   * Whether a solo viewer may go back to this choice and pick again (default
   * true). `false` here turns it off for this choice; the story's own
   * `revisit: false` turns it off everywhere, whatever a choice says.
   */
  revisit?: boolean;
}

export interface Quiz {
  id: string;
  prompt: Text;
  options: Text[];
  /** Index into `options` of the correct answer. */
  answer: number;
  /** Points for a correct answer (default 1). */
  points?: number;
  opens: MediaTime;
  closes: MediaTime;
  /** Number variable that receives points × the room's correct ratio when the quiz closes. */
  award?: string;
}

/** Normalised to the video frame: 0..1 on both axes, origin top-left. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface HotspotBase {
  id: string;
  label?: Text;
  from: MediaTime;
  to: MediaTime;
  region: Region;
}

export interface CouponHotspot extends HotspotBase {
  kind: 'coupon';
  campaign: string;
  /** Total codes the campaign may issue. */
  limit?: number;
  offer?: Text;
}

export interface ArHotspot extends HotspotBase {
  kind: 'ar';
  /** Image drawn over the camera feed. */
  overlay: string;
  anchor?: 'face' | 'hand' | 'free';
  product?: string;
}

export interface LinkHotspot extends HotspotBase {
  kind: 'link';
  /** https only. */
  url: string;
}

export interface SeekHotspot extends HotspotBase {
  kind: 'seek';
  /** Media time in this node to jump to. */
  seekTo: MediaTime;
}

export interface ChoiceHotspot extends HotspotBase {
  kind: 'choice';
  /** Option id of this node's choice. */
  option: string;
}

export type Hotspot = CouponHotspot | ArHotspot | LinkHotspot | SeekHotspot | ChoiceHotspot;
export type HotspotKind = Hotspot['kind'];

export interface Ending {
  title: Text;
  description?: Text;
}

/** One automatic route out of a node; the first whose condition holds is taken. */
export interface Route {
  to: string;
  if?: Condition;
}

export interface StoryNode {
  title?: Text;
  media: Media;
  /** Exactly one of `choice`, `next` or `ending` says how the node is left. */
  choice?: Choice;
  /**
   * Where the node goes when its segment ends, without asking anyone: a node id,
   * or routes tried in order (the last one must be unconditional), e.g. a
   * remedial branch when a quiz score is low.
   */
  next?: string | Route[];
  ending?: Ending;
  quizzes?: Quiz[];
  hotspots?: Hotspot[];
  effects?: NodeEffect[];
}

export interface Story {
  $schema?: string;
  format: typeof STORY_FORMAT;
  id: string;
  title: Text;
  description?: Text;
  author?: string;
  /** The default language (BCP 47); when `languages` is given it must be one of them, and defaults to the first. */
  language?: string;
  /** The languages texts come in; with it, texts may be `{ lang: text }` objects. */
  languages?: string[];
  tags?: string[];
  start: string;
  variables?: Record<string, Scalar>;
  /** Whether solo viewers may go back to an earlier choice (default true); `false` turns it off for every choice. */
  revisit?: boolean;
  nodes: Record<string, StoryNode>;
}
