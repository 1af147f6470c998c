import { STORY_FORMAT, type ChoiceMode, type Effect, type Story, type StoryNode } from '../story.ts';
import { validateStory } from '../validate.ts';
import { importError, importWarning, type ImportDiagnostic } from './import-diagnostic.ts';
import { chapbookItems } from './chapbook-scan.ts';
import { passageNode } from './passage-node.ts';
import { IdAllocator, clip, slugify } from './twine-ids.ts';
import { type Item } from './twine-items.ts';
import { assignmentType, parseAssignments, toEffect } from './twine-map.ts';
import { scanPassage } from './twine-scan.ts';
import { dialectsOf, passageRole } from './twine-special.ts';
import { locateInPassage, parseTwee, type TweePassage } from './twee-parse.ts';
import { initialValues, typesOf } from './twine-vars.ts';

export interface ImportOptions {
  /** How the choices made from links are decided (default `timer`, see docs/twine-import.md). */
  mode?: ChoiceMode;
}

export interface ImportResult {
  /** Undefined when the file holds no story passage at all. */
  story?: Story;
  /** Import findings, then what `validateStory` says of the result, in file order. */
  diagnostics: ImportDiagnostic[];
  /** Node ids whose media is a placeholder the author must replace (every node, today). */
  placeholders: string[];
}

/**
 * Converts a Twine story in Twee 3 notation into a branchcast story: passages
 * become nodes, links options, simple sets enter effects and initial values,
 * simple ifs option conditions. Pure and total: no I/O, never throws; what
 * does not map exactly is reported with its passage and line, never dropped.
 */
export function importTwee(source: string, options: ImportOptions = {}): ImportResult {
  const doc = parseTwee(source);
  const diagnostics = [...doc.diagnostics];
  const at = (p: TweePassage) => ({ passage: p.name, line: p.line, column: 1 });
  const byName = new Map<string, TweePassage>();
  for (const p of doc.passages) {
    if (byName.has(p.name)) diagnostics.push(importError('twee-syntax', '', `passage '${p.name}' is defined twice; the first one is used`, at(p)));
    else byName.set(p.name, p);
  }
  const passages = [...byName.values()];
  const title = passages.find((p) => passageRole(p) === 'title')?.text.trim() ?? '';
  const data = storyData(passages.find((p) => passageRole(p) === 'data'), diagnostics);
  const dialects = dialectsOf(data.format);

  const ids = new IdAllocator();
  const story = passages.filter((p) => passageRole(p) === 'story');
  const nodeIds = new Map(story.map((p) => [p.name, ids.take(p.name, 'passage')]));
  const scan = (p: TweePassage): Item[] => (dialects.has('chapbook') ? [...chapbookItems(p.text), ...scanPassage(p.text, dialects)] : scanPassage(p.text, dialects));
  const scanned = new Map(passages.map((p) => [p.name, passageRole(p) === 'code' ? [] : scan(p)]));
  for (const p of passages) {
    const role = passageRole(p);
    if ((role === 'code' || role === 'special') && p.text.trim() !== '') {
      const kind = role === 'code' ? `a ${p.tags.includes('script') ? 'script' : 'stylesheet'} passage` : 'a special passage';
      diagnostics.push(importError(role === 'code' ? 'unmapped-code' : 'unmapped-passage', '', `passage '${p.name}' is ${kind}, and is not imported`, at(p)));
    }
  }
  if (story.length === 0) {
    diagnostics.push(importError('twee-syntax', '', 'no story passage found: is this a Twee 3 file?'));
    return { diagnostics, placeholders: [] };
  }

  // Types first, from every literal assignment anywhere (init passages first), so conditions can be typed.
  const inits = passages.filter((p) => passageRole(p) === 'init');
  const types = typesOf([...inits, ...story].map((p) => scanned.get(p.name)!));
  const initEffects: Effect[] = [];
  for (const p of inits) initEffects.push(...initPassage(p, scanned.get(p.name)!, types, diagnostics));

  const nodes: Record<string, StoryNode> = {};
  for (const p of story) {
    const id = nodeIds.get(p.name)!;
    const built = passageNode(scanned.get(p.name)!, { id, passage: p, nodeOf: (name) => nodeIds.get(name), types, mode: options.mode ?? 'timer' });
    nodes[id] = built.node;
    diagnostics.push(...built.diagnostics, importWarning('placeholder-media', `/nodes/${id}/media`, `node '${id}' needs media (placeholder ${built.node.media.src})`, at(p)));
  }

  const result: Story = {
    format: STORY_FORMAT,
    id: slugify(title, typeof data.ifid === 'string' ? slugify(`twine-${data.ifid}`, 'twine-story') : 'twine-story'),
    title: clip(title, 'Untitled Twine story'),
    start: startNode(data.start, story, nodeIds, diagnostics),
    ...(types.size > 0 ? { variables: initialValues(types, initEffects) } : {}),
    nodes,
  };
  const located = validateStory(result).map((d) => locate(d, story, nodeIds));
  return { story: result, diagnostics: sortByLine([...diagnostics, ...located]), placeholders: Object.keys(nodes) };
}

function storyData(p: TweePassage | undefined, diagnostics: ImportDiagnostic[]): Record<string, unknown> {
  if (!p) return {};
  try {
    const value: unknown = JSON.parse(p.text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  diagnostics.push(importWarning('twee-syntax', '', "passage 'StoryData' is not a JSON object; its start and format are ignored", { passage: p.name, line: p.line, column: 1 }));
  return {};
}

/** StoryData's start, else the passage named Start (the spec's default), else the first passage. */
function startNode(start: unknown, story: TweePassage[], nodeIds: Map<string, string>, diagnostics: ImportDiagnostic[]): string {
  if (typeof start === 'string') {
    const id = nodeIds.get(start);
    if (id !== undefined) return id;
    diagnostics.push(importError('twee-syntax', '/start', `StoryData's start '${start}' is no story passage`));
  }
  const id = nodeIds.get('Start');
  if (id !== undefined) return id;
  diagnostics.push(importWarning('twee-syntax', '/start', `no start passage given and none named Start; starting at '${story[0]!.name}'`));
  return nodeIds.get(story[0]!.name)!;
}

/** StoryInit: its top-level literal sets are initial values; anything else is reported. */
function initPassage(p: TweePassage, items: Item[], types: ReturnType<typeof typesOf>, diagnostics: ImportDiagnostic[]): Effect[] {
  const effects: Effect[] = [];
  const report = (at: number, message: string) => diagnostics.push(importError('unmapped-macro', '/variables', `passage '${p.name}': ${message}`, locateInPassage(p, at)));
  for (const item of items) {
    if (item.kind !== 'set') {
      report(item.kind === 'if' ? item.branches[0]!.at : item.at, `only plain sets of literals become initial values; this ${item.kind === 'unmapped' ? item.what : item.kind} is not imported`);
      continue;
    }
    const parsed = parseAssignments(item.args, item.dialect, item.macro);
    if (!parsed.ok) report(item.at, `this set does not map: ${parsed.reason}`);
    else if (parsed.value.some((a) => types.get(a.name) !== assignmentType(a))) report(item.at, 'this set gives a variable a second type');
    else effects.push(...parsed.value.map(toEffect));
  }
  return effects;
}

/** Validator findings about a node point at its passage header. */
function locate(d: ImportDiagnostic, story: TweePassage[], nodeIds: Map<string, string>): ImportDiagnostic {
  const id = /^\/nodes\/([^/]+)/.exec(d.path)?.[1];
  const p = id === undefined ? undefined : story.find((s) => nodeIds.get(s.name) === id);
  return p ? { ...d, passage: p.name, line: p.line, column: 1 } : d;
}

function sortByLine(list: ImportDiagnostic[]): ImportDiagnostic[] {
  return list.map((d, i) => ({ d, i })).sort((a, b) => (a.d.line ?? Infinity) - (b.d.line ?? Infinity) || a.i - b.i).map((x) => x.d);
}
