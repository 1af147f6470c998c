import type { Choice, ChoiceMode, ChoiceOption, Condition, Effect, NodeEffect, StoryNode } from '../story.ts';
import { importError, type ImportDiagnostic } from './import-diagnostic.ts';
import { IdAllocator, clip } from './twine-ids.ts';
import { ExprParser } from './twine-expr.ts';
import { linksIn, type IfItem, type Item, type LinkItem } from './twine-items.ts';
import { assignmentType, mapCondition, parseAssignments, toEffect, type Assignment, type VarTypeMap } from './twine-map.ts';
import { locateInPassage, type TweePassage } from './twee-parse.ts';
import { setItems } from './twine-vars.ts';

/** Seconds of placeholder media; every choice window below fits inside it. */
export const PLACEHOLDER_DURATION = 10;

export interface NodeContext {
  id: string;
  passage: TweePassage;
  /** The node id of a passage name, or undefined when no passage has that name. */
  nodeOf: (passageName: string) => string | undefined;
  types: VarTypeMap;
  mode: ChoiceMode;
}

type Guard = { conds: Condition[]; mapped: boolean };
type Option = { link: LinkItem; to: string; guard: Guard; effects: Effect[] };

/**
 * Builds one node from a passage's items: enter effects from top-level sets,
 * options from links (guarded by the enclosing ifs), and a diagnostic for
 * every construct that does not map exactly.
 */
export function passageNode(items: readonly Item[], ctx: NodeContext): { node: StoryNode; diagnostics: ImportDiagnostic[] } {
  const diagnostics: ImportDiagnostic[] = [];
  const effects: NodeEffect[] = [];
  const options: Option[] = [];
  const path = `/nodes/${ctx.id}`;
  const report = (code: Parameters<typeof importError>[0], at: number, message: string) =>
    diagnostics.push(importError(code, path, `passage '${ctx.passage.name}': ${message}`, locateInPassage(ctx.passage, at)));

  const assignments = (args: string, dialect: 'sugarcube' | 'harlowe', macro: string, at: number, what: string): Assignment[] | undefined => {
    const parsed = parseAssignments(args, dialect, macro);
    if (!parsed.ok) return void report('unmapped-macro', at, `${what} does not map: ${parsed.reason}`);
    const clash = parsed.value.find((a) => ctx.types.get(a.name) !== assignmentType(a));
    if (clash) return void report('unmapped-macro', at, `${what} does not map: $${clash.name} is a ${ctx.types.get(clash.name)} elsewhere`);
    return parsed.value;
  };

  const walk = (list: readonly Item[], guard: Guard): void => {
    for (const item of list) {
      if (item.kind === 'link') link(item, guard);
      else if (item.kind === 'if') branches(item, guard);
      else if (item.kind === 'unmapped') report(item.code, item.at, `${item.what} does not map${item.reason ? ` (${item.reason})` : ''}${skipped(item.hidden)}`);
      else {
        const what = item.dialect === 'sugarcube' ? `<<set ${item.args}>>` : `(${item.macro}: ${item.args})`;
        const list = assignments(item.args, item.dialect, item.macro, item.at, what);
        if (list && (guard.conds.length > 0 || !guard.mapped)) report('unmapped-macro', item.at, `${what} runs only under a condition, and node effects are unconditional`);
        else if (list) effects.push(...list.map((a) => ({ on: 'enter' as const, ...toEffect(a) })));
      }
    }
  };

  const link = (item: LinkItem, guard: Guard): void => {
    const to = ctx.nodeOf(item.target) ?? ctx.nodeOf(item.target.trim());
    if (to === undefined) return void report('unmapped-link', item.at, `the link to '${item.target}' goes to no story passage`);
    const setter = item.setter === undefined ? [] : assignments(item.setter, 'sugarcube', 'set', item.at, `the link setter [${item.setter}]`);
    options.push({ link: item, to, guard, effects: (setter ?? []).map(toEffect) });
  };

  const branches = (item: IfItem, outer: Guard): void => {
    let before: Guard = outer; // holds "none of the earlier branches held"
    item.branches.forEach((b, index) => {
      let own: Condition | undefined;
      let mapped = before.mapped;
      if (b.cond !== undefined) {
        const parsed = ExprParser.parse(b.cond);
        const cond = parsed.ok ? mapCondition(parsed.value, ctx.types) : parsed;
        const what = item.dialect === 'sugarcube' ? `<<${b.macro} ${b.cond}>>` : `(${b.macro}: ${b.cond})`;
        if (cond.ok) own = b.negate ? { not: cond.value } : cond.value;
        else {
          mapped = false;
          // This branch and every later one (they mean "and not this") lose their guard.
          const links = item.branches.slice(index).flatMap((x) => linksIn(x.body)).length;
          report('unmapped-macro', b.at, `${what} does not map: ${cond.reason}${links ? `; ${links} link(s) under it are offered without the condition` : ''}`);
        }
      }
      walk(b.body, { conds: own === undefined ? before.conds : [...before.conds, own], mapped });
      before = { conds: own === undefined ? before.conds : [...before.conds, { not: own }], mapped };
    });
  };

  walk(items, { conds: [], mapped: true });
  const node: StoryNode = { title: clip(ctx.passage.name, ctx.id), media: { src: `${ctx.id}/manifest.mpd`, duration: PLACEHOLDER_DURATION } };
  if (effects.length > 0) node.effects = effects;
  const only = options[0];
  if (options.length === 0) node.ending = { title: clip(ctx.passage.name, ctx.id) };
  else if (options.length === 1 && only!.guard.conds.length === 0 && only!.effects.length === 0) node.next = only!.to;
  else node.choice = choice(options, ctx, (at, message) => report('dropped-condition', at, message));
  return { node, diagnostics };
}

function choice(options: Option[], ctx: NodeContext, report: (at: number, message: string) => void): Choice {
  const ids = new IdAllocator();
  const out: ChoiceOption[] = options.map((o) => {
    const option: ChoiceOption = { id: ids.take(o.to, 'option'), label: clip(o.link.text, o.to), to: o.to };
    if (o.guard.mapped && o.guard.conds.length > 0) option.if = o.guard.conds.length === 1 ? o.guard.conds[0]! : { and: o.guard.conds };
    if (o.effects.length > 0) option.effects = o.effects;
    return option;
  });
  let def = out.find((o) => o.if === undefined);
  if (!def) {
    // A choice must always resolve; in Twine the reader would be stuck, here the first link stays open.
    def = out[0]!;
    delete def.if;
    report(options[0]!.link.at, `every link is guarded; the condition of '${def.label}' was dropped so the choice can always resolve`);
  }
  const d = PLACEHOLDER_DURATION;
  return { opens: d / 2, closes: d - 1, mode: ctx.mode, default: def.id, options: out };
}

/** What an unmapped construct took with it, so nothing inside goes unmentioned. */
function skipped(hidden: readonly Item[]): string {
  const links = linksIn(hidden);
  const sets = setItems(hidden);
  const parts: string[] = [];
  if (links.length > 0) parts.push(`${links.length} link(s) to ${[...new Set(links.map((l) => `'${l.target}'`))].slice(0, 3).join(', ')}`);
  if (sets.length > 0) parts.push(`${sets.length} set(s): ${sets.slice(0, 3).map((s) => s.args).join('; ')}`);
  return parts.length === 0 ? '' : `; skipped with it: ${parts.join(', ')}`;
}
