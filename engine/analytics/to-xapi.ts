import type { AnswerRecord, QuizRecord, RoomAnalytics } from './analytics-types.ts';

export interface XapiOptions {
  /** The server's public base URL: the actors' account homePage and the root of activity ids. */
  baseUrl: string;
  /** Language tag of display strings (default en-US). */
  language?: string;
}

type LanguageMap = Record<string, string>;

/** An xAPI 1.0.3 statement, as far as this export fills it. */
export interface XapiStatement {
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: LanguageMap };
  object: {
    objectType: 'Activity';
    id: string;
    definition: {
      name: LanguageMap;
      type: string;
      interactionType?: 'choice';
      choices?: Array<{ id: string; description: LanguageMap }>;
      correctResponsesPattern?: string[];
    };
  };
  result?: { success?: boolean; response?: string; completion?: boolean; score?: { raw: number; min: number; max: number; scaled?: number }; duration?: string };
  timestamp: string;
  context: { platform: string; contextActivities?: { parent: Array<{ objectType: 'Activity'; id: string }> } };
}

const VERB = {
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  scored: 'http://adlnet.gov/expapi/verbs/scored',
};
const INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
const ASSESSMENT = 'http://adlnet.gov/expapi/activities/assessment';

/**
 * xAPI 1.0.3 statements an LMS can take in: one `answered` per counted quiz
 * answer (a cmi.interaction of type choice; a choice's id is its option index),
 * and one `scored` per subject with their room total. Actors are accounts on
 * `baseUrl` named by the token subject; timestamps are server times.
 */
export function toXapi(a: RoomAnalytics, options: XapiOptions): XapiStatement[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  const lang = options.language ?? 'en-US';
  const roomId = `${base}/rooms/${encodeURIComponent(a.room.id)}`;
  const context: XapiStatement['context'] = { platform: 'branchcast', contextActivities: { parent: [{ objectType: 'Activity', id: roomId }] } };
  const actor = (sub: string): XapiStatement['actor'] => ({ objectType: 'Agent', account: { homePage: base, name: sub } });
  const runs = new Map<string, QuizRecord[]>();
  for (const q of a.quizzes) runs.set(q.quiz, [...(runs.get(q.quiz) ?? []), q]);
  const runOf = (x: AnswerRecord): QuizRecord | undefined => {
    const candidates = runs.get(x.quiz) ?? [];
    return candidates.filter((q) => q.openedAt <= x.t).at(-1) ?? candidates[0];
  };

  const statements: XapiStatement[] = [];
  for (const x of a.answers) {
    const q = runOf(x);
    if (!q) continue;
    const scored = q.answer !== undefined && q.closedAt !== null;
    statements.push({
      actor: actor(x.sub),
      verb: { id: VERB.answered, display: { [lang]: 'answered' } },
      object: {
        objectType: 'Activity',
        id: `${roomId}/quizzes/${encodeURIComponent(q.quiz)}`,
        definition: {
          name: { [lang]: q.prompt },
          type: INTERACTION,
          interactionType: 'choice',
          choices: q.options.map((label, i) => ({ id: String(i), description: { [lang]: label } })),
          ...(q.answer === undefined ? {} : { correctResponsesPattern: [String(q.answer)] }),
        },
      },
      result: {
        response: String(x.option),
        ...(x.correct === null ? {} : { success: x.correct }),
        ...(scored ? { score: { raw: x.points, min: 0, max: q.points } } : {}),
        duration: isoDuration(x.ms),
      },
      timestamp: isoTime(x.t),
      context,
    });
  }
  const at = a.room.closed ?? a.room.lastEventAt;
  for (const s of a.scores) {
    statements.push({
      actor: actor(s.sub),
      verb: { id: VERB.scored, display: { [lang]: 'scored' } },
      object: { objectType: 'Activity', id: roomId, definition: { name: { [lang]: a.room.title || a.room.story }, type: ASSESSMENT } },
      result: { score: { raw: s.score, min: 0, max: maxScore(a) }, completion: a.room.closed !== null },
      timestamp: isoTime(at),
      context: { platform: context.platform },
    });
  }
  return statements;
}

/** The most points a subject could have scored: every closed, scored quiz run. */
function maxScore(a: RoomAnalytics): number {
  return a.quizzes.filter((q) => q.answer !== undefined && q.closedAt !== null).reduce((sum, q) => sum + q.points, 0);
}

/** ISO 8601 duration of a non-negative ms count, e.g. 1234 → PT1.234S. */
function isoDuration(ms: number): string {
  const seconds = Number.isFinite(ms) && ms > 0 ? Math.min(ms, 1e15) / 1000 : 0;
  return `PT${seconds.toFixed(3).replace(/\.?0+$/, '')}S`;
}

function isoTime(t: number): string {
  return new Date(Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? t : 0).toISOString();
}
