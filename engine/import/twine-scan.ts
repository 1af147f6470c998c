import { splitLink, type Dialect, type IfItem, type Item } from './twine-items.ts';

/** SugarCube macros that take a body and a closing tag (`<</name>>`, or the old `<<endname>>`). */
const SUGARCUBE_CONTAINERS = ['if', 'for', 'switch', 'link', 'linkappend', 'linkprepend', 'linkreplace', 'button', 'nobr',
  'silently', 'script', 'widget', 'capture', 'timed', 'repeat', 'type', 'append', 'prepend', 'replace', 'createplaylist',
  'cycle', 'listbox', 'done', 'do', 'createaudiogroup'];
/** Bodies that always render, so what is inside counts as if written outside. */
const TRANSPARENT = new Set(['nobr', 'silently']);
/** Where scanning may stop or branch: anything that starts a construct. */
const INTERESTING = /<<|\(|\[\[|\[img\[|<!--|\/\*|\/%|<script|<style|<%/gi;

type Stop = { name: string; args: string; at: number };

/**
 * Turns a passage's text into items (links, sets, ifs, unmapped constructs),
 * keeping SugarCube `<<…>>` and Harlowe `(…:)[hook]` nesting. Never throws:
 * anything malformed becomes an unmapped item.
 */
export function scanPassage(text: string, dialects: ReadonlySet<Dialect | 'snowman' | 'chapbook'>): Item[] {
  return new Scanner(text, dialects).run();
}

class Scanner {
  private pos = 0;
  private end: number;
  private readonly containers: Set<string>;

  constructor(private readonly text: string, private readonly dialects: ReadonlySet<Dialect | 'snowman' | 'chapbook'>) {
    this.end = text.length;
    // A macro closed somewhere in this passage is a container even if unknown here (custom widgets, add-ons).
    this.containers = new Set([...SUGARCUBE_CONTAINERS, ...[...text.matchAll(/<<\/([\w-]+)\s*>>/g)].map((m) => m[1]!)]);
  }

  run(): Item[] {
    return this.scan(() => false).items;
  }

  /** Scans up to `this.end`, or up to a SugarCube macro that `stop` accepts (consumed and returned). */
  private scan(stop: (name: string) => boolean): { items: Item[]; stop?: Stop } {
    const items: Item[] = [];
    for (;;) {
      INTERESTING.lastIndex = this.pos;
      const m = INTERESTING.exec(this.text);
      if (!m || m.index >= this.end) {
        this.pos = this.end;
        return { items };
      }
      this.pos = m.index;
      const at = this.pos;
      const token = m[0].toLowerCase();
      if (token === '<!--') this.skipPast('-->');
      else if (token === '/*' && this.dialects.has('sugarcube')) this.skipPast('*/');
      else if (token === '/%' && this.dialects.has('sugarcube')) this.skipPast('%/');
      else if (token === '[[') items.push(this.link());
      else if (token === '[img[') items.push({ kind: 'unmapped', code: 'unmapped-link', what: this.quote(this.skipPast(']]')), at, hidden: [], reason: 'image links are not options' });
      else if (token === '<script' || token === '<style') {
        const close = token === '<script' ? '</script>' : '</style>';
        this.skipPast(close);
        items.push({ kind: 'unmapped', code: 'unmapped-code', what: `${token}>`, at, hidden: [], reason: 'JavaScript and CSS do not map' });
      } else if (token === '<%' && this.dialects.has('snowman')) {
        this.skipPast('%>');
        items.push({ kind: 'unmapped', code: 'unmapped-code', what: this.quote(this.text.slice(at, this.pos)), at, hidden: [], reason: 'Snowman JavaScript does not map' });
      } else if (token === '<<' && this.dialects.has('sugarcube')) {
        const macro = this.sugarcubeMacro();
        if (!macro) continue;
        if (stop(macro.name)) return { items, stop: { ...macro, at } };
        this.sugarcube(macro.name, macro.args, at, items);
      } else if (token === '(' && this.dialects.has('harlowe')) this.harlowe(at, items);
      else this.pos += token.length;
    }
  }

  private link(): Item {
    const at = this.pos;
    const inner = this.skipPast(']]').slice(2, -2);
    const { text, target, setter } = splitLink(inner);
    return setter === undefined ? { kind: 'link', text, target, at } : { kind: 'link', text, target, setter, at };
  }

  /** Reads `<<name args>>` at pos (quotes may hold `>>`); undefined if it is not a macro. */
  private sugarcubeMacro(): { name: string; args: string } | undefined {
    const head = /<<(\/?[A-Za-z=-][\w-]*)/y;
    head.lastIndex = this.pos;
    const m = head.exec(this.text);
    if (!m) {
      this.pos += 2;
      return undefined;
    }
    const argsFrom = this.pos + m[0].length;
    let i = argsFrom;
    while (i < this.end && !this.text.startsWith('>>', i)) i = /["'`]/.test(this.text[i]!) ? this.afterQuote(i) : i + 1;
    this.pos = Math.min(i + 2, this.end);
    return { name: m[1]!, args: this.text.slice(argsFrom, i).trim() };
  }

  private sugarcube(name: string, args: string, at: number, items: Item[]): void {
    const closer = (n: string) => (c: string) => c === `/${n}` || c === `end${n}`;
    if (name === 'set') items.push({ kind: 'set', dialect: 'sugarcube', macro: 'set', args, at });
    else if (name === 'if') items.push(this.sugarcubeIf(args, at));
    else if (this.containers.has(name)) {
      const body = this.scan(closer(name));
      if (!body.stop) items.push({ kind: 'unmapped', code: 'unmapped-macro', what: `<<${name}>>`, at, hidden: body.items, reason: `it is never closed with <</${name}>>` });
      else if (TRANSPARENT.has(name)) items.push(...body.items);
      else items.push({ kind: 'unmapped', code: name === 'script' ? 'unmapped-code' : 'unmapped-macro', what: this.quote(`<<${name}${args ? ' ' + args : ''}>>`), at, hidden: body.items });
    } else items.push({ kind: 'unmapped', code: 'unmapped-macro', what: this.quote(`<<${name}${args ? ' ' + args : ''}>>`), at, hidden: [] });
  }

  private sugarcubeIf(cond: string, at: number): Item {
    const item: IfItem = { kind: 'if', dialect: 'sugarcube', branches: [] };
    let branch = { cond: cond as string | undefined, negate: false, macro: 'if', at };
    for (;;) {
      const body = this.scan((n) => n === 'elseif' || n === 'else' || n === '/if' || n === 'endif');
      item.branches.push({ ...branch, body: body.items });
      if (!body.stop) return { kind: 'unmapped', code: 'unmapped-macro', what: '<<if>>', at, hidden: item.branches.flatMap((b) => b.body), reason: 'it is never closed with <</if>>' };
      if (body.stop.name === '/if' || body.stop.name === 'endif') return item;
      // `<<else if …>>` is an old spelling of `<<elseif …>>`.
      const elseIf = body.stop.name === 'elseif' || /^if\b/.test(body.stop.args);
      branch = { cond: elseIf ? body.stop.args.replace(/^if\b/, '').trim() : undefined, negate: false, macro: body.stop.name, at: body.stop.at };
    }
  }

  /** `(name: args)` and the `[hook]` attached to it, if any. */
  private harlowe(at: number, items: Item[]): void {
    const head = /\(([A-Za-z][\w-]*):/y;
    head.lastIndex = at;
    const m = head.exec(this.text);
    if (!m) {
      this.pos = at + 1;
      return;
    }
    const close = this.matching(at, '(', ')');
    const args = this.text.slice(at + m[0].length, close - 1).trim();
    this.pos = close;
    const name = m[1]!.toLowerCase().replace(/[-_]/g, '');
    // A hook is `[`; `[[[` is a hook holding a link, while `[[` alone is a link after the macro.
    const hookAt = /\s*\[(?=\[\[|(?!\[))/y;
    hookAt.lastIndex = this.pos;
    const hasHook = hookAt.exec(this.text) !== null;
    let hook: Item[] | undefined;
    if (hasHook) {
      const open = hookAt.lastIndex - 1;
      const shut = this.matching(open, '[', ']');
      const savedEnd = this.end;
      this.pos = open + 1;
      this.end = Math.max(open + 1, shut - 1);
      hook = this.scan(() => false).items;
      this.end = savedEnd;
      this.pos = shut;
    }
    const what = this.quote(`(${m[1]}:${args ? ' ' + args : ''})`);
    if ((name === 'set' || name === 'put') && !hasHook) items.push({ kind: 'set', dialect: 'harlowe', macro: name, args, at });
    else if ((name === 'if' || name === 'unless') && hook) {
      items.push({ kind: 'if', dialect: 'harlowe', branches: [{ cond: args, negate: name === 'unless', macro: name, at, body: hook }] });
    } else if ((name === 'elseif' || name === 'else') && hook) {
      const last = [...items].reverse().find((x): x is IfItem => x.kind === 'if' && x.dialect === 'harlowe');
      const open = last && last.branches[last.branches.length - 1]!.cond !== undefined;
      if (last && open) last.branches.push({ cond: name === 'else' ? undefined : args, negate: false, macro: name, at, body: hook });
      else items.push({ kind: 'unmapped', code: 'unmapped-macro', what, at, hidden: hook, reason: 'no (if:) before it to belong to' });
    } else if (name === 'linkgoto' && /^(["'])(?:(?!\1).)*\1(\s*,\s*(["'])(?:(?!\3).)*\3)?$/.test(args)) {
      const [text, target] = [...args.matchAll(/(["'])((?:(?!\1).)*)\1/g)].map((s) => s[2]!);
      items.push({ kind: 'link', text: text!, target: target ?? text!, at });
    } else items.push({ kind: 'unmapped', code: 'unmapped-macro', what, at, hidden: hook ?? [] });
  }

  /** Offset just past the bracket closing the one at `open`; quotes count only inside macro calls. */
  private matching(open: number, o: string, c: string): number {
    let depth = 0;
    for (let i = open; i < this.end; ) {
      const ch = this.text[i]!;
      if (o === '(' && /["'`]/.test(ch)) { i = this.afterQuote(i); continue; }
      if (ch === o) depth++;
      else if (ch === c && --depth === 0) return i + 1;
      i++;
    }
    return this.end;
  }

  private afterQuote(i: number): number {
    const q = this.text[i]!;
    for (let j = i + 1; j < this.end; j++) {
      if (this.text[j] === '\\') j++;
      else if (this.text[j] === q) return j + 1;
    }
    return this.end;
  }

  /** Moves past the next `marker` (or to the end) and returns what was skipped, from pos. */
  private skipPast(marker: string): string {
    const from = this.pos;
    const search = new RegExp(marker.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'gi'); // `</SCRIPT>` closes too
    search.lastIndex = from + 1;
    const found = search.exec(this.text)?.index ?? -1;
    this.pos = found < 0 || found >= this.end ? this.end : found + marker.length;
    return this.text.slice(from, this.pos);
  }

  private quote(s: string): string {
    const one = s.replace(/\s+/g, ' ');
    return one.length <= 40 ? one : one.slice(0, 39) + '…';
  }
}
