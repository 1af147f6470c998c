import type { QuizResults, QuizRun } from './room-types.ts';

/**
 * Results of a quiz run, computed from its answers: counts per option, the
 * correct share, answers per one-second bucket, and the option x second
 * heatmap. Pure and linear in the number of answers.
 */
export function quizResults(run: QuizRun): QuizResults {
  const counts = run.options.map(() => 0);
  const answers = Object.values(run.answers);
  const seconds = answers.reduce((max, a) => Math.max(max, Math.floor(a.ms / 1000) + 1), 0);
  const buckets = new Array<number>(seconds).fill(0);
  const heat = run.options.map(() => new Array<number>(seconds).fill(0));
  let correct = 0;
  for (const a of answers) {
    const second = Math.floor(a.ms / 1000);
    counts[a.option] = (counts[a.option] ?? 0) + 1;
    buckets[second] = (buckets[second] ?? 0) + 1;
    const row = heat[a.option];
    if (row) row[second] = (row[second] ?? 0) + 1;
    if (a.option === run.answer) correct += 1;
  }
  const results: QuizResults = { quiz: run.id, counts, total: answers.length, buckets, heat };
  if (run.answer !== undefined) {
    results.correct = correct;
    results.correctRatio = answers.length === 0 ? 0 : correct / answers.length;
  }
  return results;
}
