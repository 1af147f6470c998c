import { assign, setup } from 'xstate';
import { evaluateCondition } from './condition.ts';
import { applyEffects } from './effects.ts';
import type { EffectsParams, OptionParams, QuizAwardParams, StoryContext, StoryEvent } from './machine-types.ts';
import type { Choice, ChoiceOption, Condition, Story, StoryNode } from './story.ts';
import { routesOf } from './story-graph.ts';

const storySetup = setup({
  types: {
    context: {} as StoryContext,
    events: {} as StoryEvent,
  },
  guards: {
    /** CHOOSE names this option and its condition holds. */
    choosable: ({ context, event }, params: OptionParams) =>
      event.type === 'CHOOSE' && event.option === params.option && allowed(params, context),
    /** CHOICE_CLOSE names this option as winner and its condition holds. */
    winnerIs: ({ context, event }, params: OptionParams) =>
      event.type === 'CHOICE_CLOSE' && event.winner === params.option && allowed(params, context),
    pendingIs: ({ context }, params: { option: string }) => context.pending === params.option,
    holds: ({ context }, params: { if: Condition }) => evaluateCondition(params.if, context.vars),
    quizOfNode: ({ event }, params: { quizzes: string[] }) =>
      (event.type === 'QUIZ_OPEN' || event.type === 'QUIZ_CLOSE') && params.quizzes.includes(event.quiz),
  },
  actions: {
    enterNode: assign(({ context }, params: EffectsParams) => ({
      vars: applyEffects(context.vars, params.effects),
      pending: null,
      openQuizzes: [],
      doneQuizzes: [],
      loops: 0,
    })),
    setPending: assign((_, params: { option: string }) => ({ pending: params.option })),
    applyEffects: assign(({ context }, params: EffectsParams) => ({ vars: applyEffects(context.vars, params.effects) })),
    countLoop: assign(({ context }) => ({ loops: context.loops + 1 })),
    openQuiz: assign(({ context, event }) => ({
      openQuizzes:
        event.type === 'QUIZ_OPEN' && !context.openQuizzes.includes(event.quiz) && !context.doneQuizzes.includes(event.quiz)
          ? [...context.openQuizzes, event.quiz]
          : context.openQuizzes,
    })),
    closeQuiz: assign(({ context, event }, params: QuizAwardParams) => {
      if (event.type !== 'QUIZ_CLOSE' || !context.openQuizzes.includes(event.quiz)) return {};
      const spec = params.awards[event.quiz];
      const ratio = Number.isFinite(event.correctRatio) ? Math.min(1, Math.max(0, event.correctRatio)) : 0;
      const vars = spec?.award ? applyEffects(context.vars, [{ add: { [spec.award]: spec.points * ratio } }]) : context.vars;
      return { vars, openQuizzes: context.openQuizzes.filter((q) => q !== event.quiz), doneQuizzes: [...context.doneQuizzes, event.quiz] };
    }),
  },
});

function allowed(params: OptionParams, context: StoryContext): boolean {
  return params.if === undefined || evaluateCondition(params.if, context.vars);
}

/** The machine config as plain data: guards and actions are referenced by name with JSON params. */
export type StoryMachineConfig = ReturnType<typeof compileStoryConfig>;

/** The compiled story: an XState v5 machine. */
export type StoryMachine = ReturnType<typeof compileStory>;

/** Id of the machine's root; node states are `#story.<nodeId>`. */
export const MACHINE_ID = 'story';

/**
 * Compiles a validated story into an XState v5 machine. Pure: the same story
 * always gives the same machine, and the machine has no timers or delayed
 * transitions; time reaches it only as cue events.
 */
export function compileStory(story: Story) {
  // The config is built from data, so its literal types cannot be inferred; it matches storySetup by construction.
  return storySetup.createMachine(compileStoryConfig(story) as Parameters<typeof storySetup.createMachine>[0]);
}

/** The machine config for a story, as JSON-serialisable data (what `branchcast compile` prints). */
export function compileStoryConfig(story: Story) {
  const states: Record<string, object> = {};
  for (const [id, node] of Object.entries(story.nodes)) states[id] = nodeState(node);
  return {
    id: MACHINE_ID,
    initial: story.start,
    context: { vars: { ...(story.variables ?? {}) }, pending: null, openQuizzes: [], doneQuizzes: [], loops: 0 } satisfies StoryContext,
    states,
  };
}

const target = (nodeId: string) => `#${MACHINE_ID}.${nodeId}`;

function nodeState(node: StoryNode): object {
  const entry = [{ type: 'enterNode', params: { effects: node.effects ?? [] } }];
  if (node.ending) return { type: 'final', entry, meta: { ending: node.ending } };
  const quizzes = node.quizzes ?? [];
  const awards: QuizAwardParams['awards'] = Object.fromEntries(quizzes.map((q) => [q.id, { points: q.points ?? 1, ...(q.award ? { award: q.award } : {}) }]));
  const quizOfNode = { type: 'quizOfNode', params: { quizzes: quizzes.map((q) => q.id) } };
  const on = quizzes.length === 0 ? {} : {
    QUIZ_OPEN: { guard: quizOfNode, actions: 'openQuiz' },
    QUIZ_CLOSE: { guard: quizOfNode, actions: { type: 'closeQuiz', params: { awards } } },
  };
  if (node.next !== undefined) {
    const routes = routesOf(node.next).map((r) => ({
      ...(r.if === undefined ? {} : { guard: { type: 'holds', params: { if: r.if } } }),
      target: target(r.to),
      reenter: true,
    }));
    return { entry, on, initial: 'playing', states: { playing: { on: { SEGMENT_END: routes } } } };
  }
  const choice = node.choice as Choice;
  const byId = new Map(choice.options.map((o) => [o.id, o]));
  const fallback = byId.get(choice.default) as ChoiceOption;
  const optionParams = (o: ChoiceOption): OptionParams => (o.if === undefined ? { option: o.id } : { option: o.id, if: o.if });
  const switchTo = (o: ChoiceOption) => ({
    target: target(o.to),
    reenter: true,
    actions: [{ type: 'applyEffects', params: { effects: o.effects ?? [] } }],
  });
  const decideDefault = { target: 'decided', actions: { type: 'setPending', params: { option: fallback.id } } };
  // Host choices that loop keep waiting for the host past `closes`; everything else falls back to the default.
  const waitsForHost = choice.mode === 'host' && Boolean(choice.loop);
  return {
    entry,
    on,
    initial: 'playing',
    meta: { choice: { mode: choice.mode, default: choice.default } },
    states: {
      playing: {
        on: {
          CHOICE_OPEN: 'open',
          // Only reachable if cues were skipped; resolve as the default rather than stall.
          SEGMENT_END: switchTo(fallback),
        },
      },
      open: {
        on: {
          CHOOSE: choice.options.map((o) => ({
            guard: { type: 'choosable', params: optionParams(o) },
            target: 'decided',
            actions: { type: 'setPending', params: { option: o.id } },
          })),
          CHOICE_CLOSE: [
            ...choice.options.map((o) => ({
              guard: { type: 'winnerIs', params: optionParams(o) },
              target: 'decided',
              actions: { type: 'setPending', params: { option: o.id } },
            })),
            ...(waitsForHost ? [] : [decideDefault]),
          ],
          SEGMENT_END: choice.loop ? { actions: 'countLoop' } : switchTo(fallback),
        },
      },
      decided: {
        on: {
          SEGMENT_END: choice.options.map((o) => ({ guard: { type: 'pendingIs', params: { option: o.id } }, ...switchTo(o) })),
        },
      },
    },
  };
}
