import type { RoomAnalytics } from './analytics-types.ts';

/**
 * The columns of the CSV export, in order. One flat table: the `section`
 * column says what a row is, and each section fills only the columns it needs
 * (docs/analytics.md lists them), so a spreadsheet filter on `section` gives
 * each table back.
 */
export const CSV_COLUMNS = ['section', 'time', 'node', 'quiz', 'hotspot', 'subject', 'option', 'label', 'count', 'correct', 'ms', 'points', 'score', 'decided_by', 'key', 'value', 'text'] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Cell = string | number | boolean | null | undefined;
type Row = Partial<Record<Column, Cell>>;

/**
 * RFC 4180 CSV of the analytics: a header row, CRLF line ends, and fields
 * quoted when they hold a comma, quote, CR or LF (quotes doubled). Times are
 * ISO 8601 UTC. Free text (`label`, `text`) that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) gets a leading apostrophe.
 */
export function toCsv(a: RoomAnalytics): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of csvRows(a)) lines.push(CSV_COLUMNS.map((c) => field(c === 'label' || c === 'text' ? defuse(row[c]) : row[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * Several rooms (or solo plays) in one RFC 4180 table: a `room` column (the
 * room id, or `solo:<play>`) before CSV_COLUMNS, then each one's rows as
 * toCsv writes them.
 */
export function toCsvMany(list: Iterable<RoomAnalytics>): string {
  const lines = [['room', ...CSV_COLUMNS].join(',')];
  for (const a of list) {
    for (const row of csvRows(a)) lines.push([field(a.room.id), ...CSV_COLUMNS.map((c) => field(c === 'label' || c === 'text' ? defuse(row[c]) : row[c]))].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function* csvRows(a: RoomAnalytics): Generator<Row> {
  const r = a.room;
  const meta: Array<[string, Cell]> = [
    ['id', r.id],
    ['story', r.story],
    ['title', r.title],
    ['created', iso(r.created)],
    ['closed', iso(r.closed)],
    ['duration_ms', r.durationMs],
    ['version', r.version],
    ['ending', r.ending?.node],
    ['comments', a.comments.total],
    ['joins', a.presence.joins],
    ['leaves', a.presence.leaves],
    ['unique_viewers', a.presence.uniqueViewers],
    ['unique_hosts', a.presence.uniqueHosts],
    ['peak_concurrent', a.presence.peakConcurrent],
    ['problems', a.problems.length],
  ];
  for (const [key, value] of meta) yield { section: 'room', key, value };
  for (const p of a.problems) yield { section: 'problem', text: p };

  for (const c of a.choices) {
    const time = iso(c.t);
    yield { section: 'choice', time, node: c.node, option: c.option, label: c.label, count: c.counts[c.option] ?? 0, decided_by: c.decidedBy, key: c.mode, value: c.to };
    for (const [option, count] of Object.entries(c.counts)) yield { section: 'choice-tally', time, node: c.node, option, count };
  }

  for (const q of a.quizzes) {
    const time = iso(q.openedAt);
    const base = { time, node: q.node, quiz: q.quiz };
    yield {
      section: 'quiz',
      ...base,
      option: q.answer,
      label: q.answer === undefined ? undefined : q.options[q.answer],
      count: q.results.total,
      correct: q.results.correct,
      points: q.points,
      key: q.closedAt === null ? 'open' : 'closed',
      value: q.results.correctRatio,
      text: q.prompt,
    };
    for (const [i, label] of q.options.entries()) {
      yield { section: 'quiz-option', ...base, option: i, label, count: q.results.counts[i] ?? 0, correct: q.answer === undefined ? undefined : i === q.answer };
    }
    for (const [second, count] of q.results.buckets.entries()) yield { section: 'quiz-bucket', ...base, key: second, count };
    for (const [option, row] of q.results.heat.entries()) {
      for (const [second, count] of row.entries()) if (count > 0) yield { section: 'quiz-heat', ...base, option, key: second, count };
    }
  }
  const optionsOf = new Map(a.quizzes.map((q) => [q.quiz, q.options]));
  for (const x of a.answers) {
    yield { section: 'answer', time: iso(x.t), node: x.node, quiz: x.quiz, subject: x.sub, option: x.option, label: optionsOf.get(x.quiz)?.[x.option], correct: x.correct, ms: x.ms, points: x.points, score: x.score };
  }
  for (const s of a.scores) yield { section: 'score', subject: s.sub, count: s.answered, correct: s.correct, score: s.score };

  for (const h of a.hotspots) {
    const base = { node: h.node, hotspot: h.hotspot, label: h.kind, value: h.campaign };
    for (const key of ['impressions', 'clicks', 'claims', 'viewers'] as const) yield { section: 'hotspot', ...base, key, count: h[key] };
  }
  for (const c of a.claims) yield { section: 'claim', time: iso(c.t), hotspot: c.hotspot, subject: c.sub, label: c.campaign, value: c.code };

  for (const c of a.comments.list) yield { section: 'comment', time: iso(c.t), node: c.node, subject: c.sub, key: c.id, value: c.at, text: c.text };
  for (const [node, count] of Object.entries(a.comments.perNode)) yield { section: 'comment-count', node, count };
  for (const [subject, count] of Object.entries(a.comments.perViewer)) yield { section: 'comment-count', subject, count };

  for (const m of a.moderation) yield { section: 'moderation', time: iso(m.t), subject: m.sub, label: m.by, key: m.action, value: m.comment ?? m.perMinute, count: m.words };

  for (const p of a.presence.events) yield { section: 'presence', time: iso(p.t), subject: p.sub, label: p.role, key: p.action, count: p.present };
}

function iso(t: number | null | undefined): string | undefined {
  // Date's range is ±8.64e15 ms; anything else is no time at all.
  return typeof t === 'number' && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : undefined;
}

/** Keeps a spreadsheet from evaluating viewer-written text as a formula (CSV injection). */
function defuse(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function field(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  const s = String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
