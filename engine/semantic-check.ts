import { checkCondition, type VarType, type VarTypes } from './condition.ts';
import { error, warning, type Diagnostic } from './diagnostic.ts';
import { checkEffect } from './effects.ts';
import { pointer } from './json-pointer.ts';
import { checkCaptions } from './captions-check.ts';
import { checkTexts } from './text-check.ts';
import type { Hotspot, Quiz, Story, StoryNode } from './story.ts';
import { canReachEnding, cyclicComponents, exitsOf, reachableFrom } from './story-graph.ts';

/** How the validator learns whether a media file exists; supplied by the caller, since the engine does no I/O. */
export interface MediaProbe {
  exists(src: string): boolean;
  /** A caption file's text, for `bad-captions`; undefined when unreadable. Optional: without it caption files are only checked to exist. */
  read?(src: string): string | undefined;
}

/** Checks beyond the schema on a schema-valid story: ids, targets, windows, variables, graph shape, media. */
export function checkSemantics(story: Story, media?: MediaProbe): Diagnostic[] {
  const types: VarTypes = new Map(Object.entries(story.variables ?? {}).map(([k, v]) => [k, typeof v as VarType]));
  const out: Diagnostic[] = [];
  out.push(...checkStart(story), ...checkIds(story), ...checkGraph(story), ...checkTexts(story));
  const used = new Set<string>();
  for (const [id, node] of Object.entries(story.nodes)) {
    out.push(...checkNode(story, id, node, types, used, media));
  }
  for (const name of types.keys()) {
    if (!used.has(name)) out.push(warning('unused-variable', pointer('variables', name), `variable '${name}' is never read or changed`));
  }
  return out;
}

function checkStart(story: Story): Diagnostic[] {
  if (Object.hasOwn(story.nodes, story.start)) return [];
  return [error('missing-start', '/start', `start node '${story.start}' does not exist`)];
}

/** Option ids are unique per choice; quiz and hotspot ids are unique story-wide (analytics key on them). */
function checkIds(story: Story): Diagnostic[] {
  const out: Diagnostic[] = [];
  const quizIds = new Map<string, string>();
  const hotspotIds = new Map<string, string>();
  for (const [nodeId, node] of Object.entries(story.nodes)) {
    const optionIds = new Set<string>();
    node.choice?.options.forEach((o, i) => {
      if (optionIds.has(o.id)) out.push(error('duplicate-id', pointer('nodes', nodeId, 'choice', 'options', i, 'id'), `option id '${o.id}' is used twice in this choice`));
      optionIds.add(o.id);
    });
    const unique = (seen: Map<string, string>, kind: string, list: Array<Quiz | Hotspot>, field: string) =>
      list.forEach((item, i) => {
        const path = pointer('nodes', nodeId, field, i, 'id');
        const first = seen.get(item.id);
        if (first) out.push(error('duplicate-id', path, `${kind} id '${item.id}' is already used at ${first}`));
        else seen.set(item.id, path);
      });
    unique(quizIds, 'quiz', node.quizzes ?? [], 'quizzes');
    unique(hotspotIds, 'hotspot', node.hotspots ?? [], 'hotspots');
  }
  return out;
}

function checkGraph(story: Story): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = Object.keys(story.nodes);
  if (!ids.some((id) => story.nodes[id]?.ending)) {
    out.push(error('no-ending', '/nodes', 'no node has an ending, so the story can never finish'));
  }
  const reachable = reachableFrom(story, story.start);
  const good = canReachEnding(story);
  for (const id of ids) {
    const node = story.nodes[id]!;
    if (Object.hasOwn(story.nodes, story.start) && !reachable.has(id)) {
      out.push(warning('unreachable-node', pointer('nodes', id), `node '${id}' cannot be reached from '${story.start}'`));
    }
    if (!node.ending && exitsOf(story, id).length === 0) {
      out.push(error('dead-end', pointer('nodes', id), `node '${id}' is not an ending and has no choice or next`));
    }
  }
  for (const component of cyclicComponents(story)) {
    if (component.some((id) => good.has(id))) continue;
    const first = component[0]!;
    out.push(error('trap', pointer('nodes', first), `nodes ${component.map((id) => `'${id}'`).join(', ')} form a cycle from which no ending can be reached`));
  }
  return out;
}

function checkNode(story: Story, id: string, node: StoryNode, types: VarTypes, used: Set<string>, media?: MediaProbe): Diagnostic[] {
  const out: Diagnostic[] = [];
  const base = ['nodes', id] as const;
  const duration = node.media.duration;
  // Points at the offending end of a window: the one past the media, else the closing one.
  const window = (opens: number, closes: number, path: string[], what: string, [openKey, closeKey] = ['opens', 'closes']) => {
    if (opens > duration || closes > duration) {
      const key = closes > duration ? closeKey : openKey;
      out.push(error('bad-window', pointer(...base, ...path, key), `${what} [${opens}, ${closes}] falls outside the media [0, ${duration}]`));
    } else if (closes <= opens) {
      out.push(error('bad-window', pointer(...base, ...path, closeKey), `${what} closes (${closes}) at or before it opens (${opens})`));
    }
  };
  const noteVars = (list: Diagnostic[], names: Iterable<string>) => {
    for (const n of names) used.add(n);
    out.push(...list);
  };

  out.push(...checkMediaSrc(node.media.src, pointer(...base, 'media', 'src'), media));
  out.push(...checkCaptions(id, node, (src, path) => checkMediaSrc(src, path, media), media?.read?.bind(media)));
  if (typeof node.next === 'string' && !Object.hasOwn(story.nodes, node.next)) {
    out.push(error('missing-target', pointer(...base, 'next'), `next node '${node.next}' does not exist`));
  }
  if (Array.isArray(node.next)) {
    const routes = node.next;
    routes.forEach((r, i) => {
      if (!Object.hasOwn(story.nodes, r.to)) out.push(error('missing-target', pointer(...base, 'next', i, 'to'), `route goes to '${r.to}', which does not exist`));
      if (r.if !== undefined) noteVars(checkCondition(r.if, types, pointer(...base, 'next', i, 'if')), conditionVars(r.if));
    });
    const last = routes[routes.length - 1];
    if (last?.if !== undefined) {
      out.push(error('guarded-default', pointer(...base, 'next', routes.length - 1, 'if'), 'the last route must have no condition, so the node always has a way out'));
    }
  }
  (node.effects ?? []).forEach((e, i) => noteVars(checkEffect(e, types, pointer(...base, 'effects', i)), effectVars(e)));

  const choice = node.choice;
  if (choice) {
    window(choice.opens, choice.closes, ['choice'], 'choice window');
    if (choice.switchAt !== undefined && (choice.switchAt < choice.closes || choice.switchAt > duration)) {
      out.push(error('bad-window', pointer(...base, 'choice', 'switchAt'), `switchAt ${choice.switchAt} must lie in [closes ${choice.closes}, duration ${duration}]`));
    }
    if (typeof choice.loop === 'object' && choice.loop.from >= duration) {
      out.push(error('bad-window', pointer(...base, 'choice', 'loop', 'from'), `loop point ${choice.loop.from} must lie before the end of the media (${duration})`));
    }
    if (choice.revisit === true && story.revisit === false) {
      out.push(warning('no-effect', pointer(...base, 'choice', 'revisit'), "the story sets revisit: false, which turns going back off for every choice, so this choice's revisit: true changes nothing"));
    }
    const def = choice.options.find((o) => o.id === choice.default);
    if (!def) {
      out.push(error('missing-target', pointer(...base, 'choice', 'default'), `default option '${choice.default}' is not one of this choice's options`));
    } else if (def.if !== undefined) {
      const i = choice.options.indexOf(def);
      out.push(error('guarded-default', pointer(...base, 'choice', 'options', i, 'if'), `the default option '${def.id}' must not have a condition: it is the fallback when nothing else applies`));
    }
    choice.options.forEach((o, i) => {
      const p = ['choice', 'options', i] as const;
      if (!Object.hasOwn(story.nodes, o.to)) out.push(error('missing-target', pointer(...base, ...p, 'to'), `option '${o.id}' goes to '${o.to}', which does not exist`));
      if (o.if !== undefined) noteVars(checkCondition(o.if, types, pointer(...base, ...p, 'if')), conditionVars(o.if));
      (o.effects ?? []).forEach((e, j) => noteVars(checkEffect(e, types, pointer(...base, ...p, 'effects', j)), effectVars(e)));
    });
  }

  const quizzes = node.quizzes ?? [];
  quizzes.forEach((q, i) => {
    window(q.opens, q.closes, ['quizzes', String(i)], `quiz '${q.id}' window`);
    if (q.answer >= q.options.length) {
      out.push(error('missing-target', pointer(...base, 'quizzes', i, 'answer'), `answer ${q.answer} is not an index of the ${q.options.length} options`));
    }
    if (q.award !== undefined && node.ending) {
      out.push(warning('no-effect', pointer(...base, 'quizzes', i, 'award'), `quiz '${q.id}' is on an ending: the story is over, so its award changes nothing`));
    }
    if (q.award !== undefined) {
      used.add(q.award);
      const t = types.get(q.award);
      if (!t) out.push(error('unknown-variable', pointer(...base, 'quizzes', i, 'award'), `unknown variable '${q.award}'`));
      else if (t !== 'number') out.push(error('type-mismatch', pointer(...base, 'quizzes', i, 'award'), `'award' needs a number variable; '${q.award}' is ${t}`));
    }
    // A viewer answers one quiz at a time, so quiz windows in one node must not overlap.
    quizzes.slice(0, i).forEach((other) => {
      if (q.opens < other.closes && other.opens < q.closes) {
        out.push(error('bad-window', pointer(...base, 'quizzes', i), `quiz '${q.id}' overlaps quiz '${other.id}'`));
      }
    });
  });

  (node.hotspots ?? []).forEach((h, i) => {
    const p = ['hotspots', i] as const;
    window(h.from, h.to, ['hotspots', String(i)], `hotspot '${h.id}' window`, ['from', 'to']);
    if (h.region.x + h.region.w > 1 + 1e-9 || h.region.y + h.region.h > 1 + 1e-9) {
      out.push(error('bad-region', pointer(...base, ...p, 'region'), `hotspot '${h.id}' extends past the frame (x+w and y+h must be at most 1)`));
    }
    if (h.kind === 'seek' && h.seekTo > duration) {
      out.push(error('bad-window', pointer(...base, ...p, 'seekTo'), `seekTo ${h.seekTo} is past the end of the media (${duration})`));
    }
    if (h.kind === 'choice' && !node.choice?.options.some((o) => o.id === h.option)) {
      out.push(error('missing-target', pointer(...base, ...p, 'option'), `hotspot '${h.id}' picks option '${h.option}', which this node's choice does not have`));
    }
    if (h.kind === 'ar') out.push(...checkMediaSrc(h.overlay, pointer(...base, ...p, 'overlay'), media));
  });
  return out;
}

/** Media paths are relative to the media root and may never climb out of it. */
function checkMediaSrc(src: string, path: string, media?: MediaProbe): Diagnostic[] {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/') || src.includes('\\') || src.includes('\0') || src.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    return [error('bad-media-src', path, `media path '${src}' must be relative to the media root, without '..', '.', empty segments or backslashes`)];
  }
  if (media && !media.exists(src)) return [error('missing-media', path, `media file '${src}' does not exist under the media root`)];
  return [];
}

function effectVars(e: { set?: object; add?: object; toggle?: string[] }): string[] {
  return [...Object.keys(e.set ?? {}), ...Object.keys(e.add ?? {}), ...(e.toggle ?? [])];
}

/** Every variable name a condition reads; iterative so it is safe on any depth. */
function conditionVars(c: unknown): string[] {
  const names: string[] = [];
  const stack: unknown[] = [c];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (!Array.isArray(x) && typeof (x as { var?: unknown }).var === 'string') names.push((x as { var: string }).var);
    else stack.push(...Object.values(x));
  }
  return names;
}
