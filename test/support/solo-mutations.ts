/**
 * Deliberately wrong replays of a server room's run, each differing from the
 * server's inputs in one place, and the first observation whose hash must
 * therefore differ: proof that comparing hashes catches a single changed
 * input, at the step it changes.
 */
import type { RoomCommand, RoomInput } from '../../engine/room/index.ts';
import { SOLO_ACTOR } from '../../player/solo/solo-session.ts';
import type { ReplayJob } from './solo-replay.ts';

export interface Mutation {
  name: string;
  job: ReplayJob;
  /** Index into the observations of the first hash that must differ from the server's. */
  firstDifferent: number;
}

type CommandInput = Extract<RoomInput, { type: 'command' }>;

export function mutations(job: ReplayJob): Mutation[] {
  const observed = (input: CommandInput): number => job.observations.findIndex((o) => o.id === input.id);
  const commands = job.log.filter((i): i is CommandInput => i.type === 'command');
  const choose = commands.find((i) => i.command.type === 'choose' && alternative(job, i.command.option) !== undefined);
  const answer = commands.find((i) => i.command.type === 'answer');
  const seek = commands.find((i) => i.command.type === 'seek');
  const subjectMatters = commands.find((i) => i.command.type === 'answer' || i.command.type === 'vote');
  if (!choose || !answer || !seek || !subjectMatters) throw new Error('this run lacks a choose with an alternative, an answer or a seek');
  const edit = (target: CommandInput, change: (input: CommandInput) => CommandInput): ReplayJob => ({
    ...job,
    log: job.log.map((i) => (i === target ? change(i) : i)),
  });
  const withCommand = (input: CommandInput, command: RoomCommand): CommandInput => ({ ...input, command });
  return [
    { name: 'another option', job: edit(choose, (i) => withCommand(i, { type: 'choose', option: alternative(job, (i.command as { option: string }).option)! })), firstDifferent: observed(choose) },
    {
      name: 'another answer',
      job: edit(answer, (i) => withCommand(i, { ...(i.command as Extract<RoomCommand, { type: 'answer' }>), option: (i.command as { option: number }).option === 0 ? 1 : 0 })),
      firstDifferent: observed(answer),
    },
    { name: 'a seek 1 ms later', job: edit(seek, (i) => ({ ...i, t: i.t + 1 })), firstDifferent: observed(seek) },
    // SoloSession's defaults: the hash covers the room id and the timeline's first anchor.
    { name: "the solo session's own room and t0", job: { ...job, room: `solo:${job.story.id}`, t0: 0 }, firstDifferent: 0 },
    // ...and who answered and voted.
    {
      name: "the solo viewer's own subject",
      job: { ...job, log: job.log.map((i) => (i.type === 'command' ? { ...i, actor: SOLO_ACTOR } : i)) },
      firstDifferent: observed(subjectMatters),
    },
  ];
}

/** Another option of the choice that offers `option`. */
function alternative(job: ReplayJob, option: string): string | undefined {
  for (const node of Object.values(job.story.nodes)) {
    const options = node.choice?.options.map((o) => o.id) ?? [];
    if (options.includes(option)) return options.find((o) => o !== option);
  }
  return undefined;
}
