/**
 * Checks a text exposition against the 0.0.4 rules a Prometheus server
 * enforces (or silently mis-reads): line syntax, escaping, one HELP/TYPE per
 * family ahead of its samples, contiguous families, and cumulative histogram
 * buckets ending in +Inf = _count. For tests, including of a /metrics route.
 */

/** Problems found, one string each; empty when the exposition is valid. */
export function lintExposition(text: string): string[] {
  const problems: string[] = [];
  if (text !== '' && !text.endsWith('\n')) problems.push('does not end with a line feed');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const finished = new Set<string>();
  let current: string | undefined;
  const buckets = new Map<string, Array<{ le: number; count: number }>>();
  const counts = new Map<string, number>();

  const familyOf = (name: string): string => {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      const base = name.slice(0, -suffix.length);
      if (name.endsWith(suffix) && types.get(base) === 'histogram') return base;
    }
    return name;
  };
  const enter = (family: string, line: number): void => {
    if (current === family) return;
    if (finished.has(family)) problems.push(`line ${line}: family ${family} is not contiguous`);
    if (current !== undefined) finished.add(current);
    current = family;
  };

  text.split('\n').slice(0, -1).forEach((line, i) => {
    const n = i + 1;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      enter(name, n);
      if (kind === 'HELP') {
        if (helps.has(name)) problems.push(`line ${n}: second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) problems.push(`line ${n}: bad escape in HELP`);
        helps.add(name);
      } else {
        if (types.has(name)) problems.push(`line ${n}: second TYPE for ${name}`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) problems.push(`line ${n}: unknown type ${rest}`);
        types.set(name, rest);
      }
      return;
    }
    if (line.startsWith('#')) return;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) return void problems.push(`line ${n}: not a sample: ${line}`);
    const [, name, labelText, valueText] = sample as unknown as [string, string, string | undefined, string];
    if (!/^(NaN|[+-]Inf|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(valueText)) problems.push(`line ${n}: bad value ${valueText}`);
    const labels = new Map<string, string>();
    if (labelText !== undefined) {
      const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
      let at = 0;
      while (at < labelText.length) {
        labelRe.lastIndex = at;
        const m = labelRe.exec(labelText);
        if (!m) return void problems.push(`line ${n}: bad labels {${labelText}}`);
        if (labels.has(m[1] as string)) problems.push(`line ${n}: duplicate label ${m[1]}`);
        labels.set(m[1] as string, m[2] as string);
        at = labelRe.lastIndex;
      }
    }
    const family = familyOf(name);
    enter(family, n);
    if (!types.has(family)) problems.push(`line ${n}: sample ${name} before its TYPE`);
    if (types.get(family) !== 'histogram') return;
    const le = labels.get('le');
    labels.delete('le');
    const key = `${family}${JSON.stringify([...labels])}`;
    const value = valueText === '+Inf' ? Infinity : Number(valueText);
    if (name.endsWith('_bucket')) {
      if (le === undefined) return void problems.push(`line ${n}: bucket without le`);
      const list = buckets.get(key) ?? [];
      const bound = le === '+Inf' ? Infinity : Number(le);
      const last = list.at(-1);
      if (last !== undefined && (bound <= last.le || value < last.count)) problems.push(`line ${n}: buckets not increasing and cumulative`);
      list.push({ le: bound, count: value });
      buckets.set(key, list);
    } else if (name.endsWith('_count')) {
      counts.set(key, value);
    }
  });

  for (const [key, list] of buckets) {
    const inf = list.at(-1);
    if (inf?.le !== Infinity) problems.push(`${key}: no le="+Inf" bucket`);
    else if (counts.get(key) !== inf.count) problems.push(`${key}: +Inf bucket ${inf.count} != _count ${counts.get(key)}`);
  }
  return problems;
}
