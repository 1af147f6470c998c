/**
 * What the inspector's buttons do to the draft, as edits (one undo step
 * each). Kept out of the element so the element only wires and draws.
 */
import { pointer } from '../../engine/json-pointer.ts';
import type { Scalar } from '../../engine/story.ts';
import { setAt } from './json-edit.ts';
import type { NodeActions, Exit } from './inspector/node-inspector.ts';
import type { StoryActions } from './inspector/story-inspector.ts';
import { connect, deleteNode, renameNode } from './story-edits.ts';
import type { StoryDraft } from './story-draft.ts';

export interface StudioHooks {
  changed: () => void;
  select: (node: string | null) => void;
  /** Says why an action did nothing (a taken id…). */
  say: (message: string) => void;
  media: NodeActions['media'];
}

export function setField(draft: StoryDraft, at: string, value: unknown): boolean {
  return draft.edit((s) => { setAt(s, at, value); });
}

export function nodeActions(draft: StoryDraft, node: string, hooks: StudioHooks): NodeActions {
  const edit = (fn: Parameters<StoryDraft['edit']>[0]) => { if (draft.edit(fn)) hooks.changed(); };
  return {
    rename: (to) => {
      if (to === node) return;
      let ok = false;
      draft.edit((s) => { ok = renameNode(s, node, to); });
      if (ok) hooks.select(to);
      else hooks.say(`Cannot rename ${node} to "${to}": ids are 1–64 letters, digits, _ or -, and must be unused.`);
      hooks.changed();
    },
    setExit: (exit: Exit) => edit((s) => {
      const n = s.nodes[node];
      if (!n) return;
      const target = Object.keys(s.nodes).find((id) => id !== node) ?? node;
      if (exit === 'ending') { delete n.choice; delete n.next; n.ending = { title: n.title ?? node }; }
      if (exit === 'next') { delete n.choice; delete n.ending; n.next = target; }
      if (exit === 'choice') {
        delete n.ending;
        const to = typeof n.next === 'string' ? n.next : target;
        delete n.next;
        const d = n.media.duration;
        n.choice = { opens: Math.round(d * 6) / 10, closes: Math.round(d * 9) / 10, mode: 'vote', default: to, options: [{ id: to, label: s.nodes[to]?.title ?? to, to }] };
      }
    }),
    remove: () => { edit((s) => deleteNode(s, node)); hooks.select(null); },
    addOption: () => edit((s) => connect(s, node, Object.keys(s.nodes).find((id) => id !== node) ?? node)),
    removeOption: (i) => edit((s) => { setAt(s, pointer('nodes', node, 'choice', 'options', i), undefined); }),
    quizzes: {
      add: () => edit((s) => {
        const n = s.nodes[node];
        if (!n) return;
        const quizzes = (n.quizzes ??= []);
        const d = n.media.duration;
        quizzes.push({ id: `${node}-quiz-${quizzes.length + 1}`, prompt: 'Question?', options: ['Yes', 'No'], answer: 0, opens: Math.round(d) / 10, closes: Math.round(d * 4) / 10 });
      }),
      remove: (i) => edit((s) => {
        const n = s.nodes[node];
        n?.quizzes?.splice(i, 1);
        if (n?.quizzes?.length === 0) delete n.quizzes;
      }),
    },
    hotspots: {
      add: () => edit((s) => {
        const n = s.nodes[node];
        if (!n) return;
        const hotspots = (n.hotspots ??= []);
        hotspots.push({ id: `${node}-spot-${hotspots.length + 1}`, kind: 'coupon', campaign: `${s.id}-offer`, from: 0, to: Math.min(5, n.media.duration), region: { x: 0.4, y: 0.4, w: 0.2, h: 0.2 } });
      }),
      remove: (i) => edit((s) => {
        const n = s.nodes[node];
        n?.hotspots?.splice(i, 1);
        if (n?.hotspots?.length === 0) delete n.hotspots;
      }),
    },
    media: hooks.media,
  };
}

export function storyActions(draft: StoryDraft, hooks: StudioHooks): StoryActions {
  return {
    addVariable: (name: string, value: Scalar) => { if (name !== '__proto__' && draft.edit((s) => { (s.variables ??= {})[name] = value; })) hooks.changed(); },
    removeVariable: (name: string) => {
      if (draft.edit((s) => { if (s.variables) { delete s.variables[name]; if (Object.keys(s.variables).length === 0) delete s.variables; } })) hooks.changed();
    },
  };
}
