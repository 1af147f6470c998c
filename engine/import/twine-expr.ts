import type { Scalar } from '../story.ts';

/**
 * A small parser for the part of SugarCube (JavaScript with `to`, `is`, `eq`…)
 * and Harlowe expressions that can map exactly onto branchcast: story
 * variables, literals, comparisons, and/or/not, and `+`/`-` of a number.
 * Anything else fails with a reason; the caller reports it.
 */
export type Expr =
  | { t: 'var'; name: string }
  | { t: 'lit'; value: Scalar }
  | { t: 'it' }
  | { t: 'cmp'; op: CmpOp; l: Expr; r: Expr }
  | { t: 'arith'; op: '+' | '-'; l: Expr; r: Expr }
  | { t: 'and' | 'or'; items: Expr[] }
  | { t: 'not'; x: Expr };

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

type Token = { k: 'var' | 'word' | 'num' | 'str' | 'sym' | 'bad'; v: string };

const CMP: Record<string, CmpOp> = {
  is: '==', eq: '==', '==': '==', '===': '==', isnot: '!=', neq: '!=', '!=': '!=', '!==': '!=',
  '<': '<', lt: '<', '<=': '<=', lte: '<=', '>': '>', gt: '>', '>=': '>=', gte: '>=',
};

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\$[A-Za-z_]\w*)([.[])?|(\d+(?:\.\d+)?)(?![\w.])|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z_]\w*)|(===|!==|==|!=|<=|>=|&&|\|\||\+=|-=|[<>!()+\-*/%=,;?:]))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) {
    if (m[0].trim() === '') break;
    if (m[1] !== undefined) out.push(m[2] ? { k: 'bad', v: `${m[1]}${m[2]} (a property or index)` } : { k: 'var', v: m[1].slice(1) });
    else if (m[3] !== undefined) out.push({ k: 'num', v: m[3] });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ k: 'str', v: (m[4] ?? m[5]!).replace(/\\(.)/g, '$1') });
    else if (m[6] !== undefined) out.push({ k: 'word', v: m[6] });
    else out.push({ k: 'sym', v: m[7]! });
  }
  if (src.slice(re.lastIndex).trim() !== '') out.push({ k: 'bad', v: src.slice(re.lastIndex).trim().slice(0, 20) });
  return out;
}

class Fail extends Error {}

/** Recursive descent over tokens; `parse` throws Fail internally and returns a result. */
export class ExprParser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  static parse(src: string): Parsed<Expr> {
    return ExprParser.run(src, (p) => p.expr());
  }

  static run<T>(src: string, body: (p: ExprParser) => T): Parsed<T> {
    const p = new ExprParser(tokenize(src));
    try {
      const value = body(p);
      if (p.i < p.tokens.length) throw new Fail(`unexpected '${p.tokens[p.i]!.v}'`);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof Fail) return { ok: false, reason: e.message };
      throw e;
    }
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  /** Consumes the next token when it is one of `words` (keywords or symbols); returns it. */
  accept(...words: string[]): string | undefined {
    const t = this.peek();
    if (t && (t.k === 'word' || t.k === 'sym') && words.includes(t.v)) {
      this.i++;
      return t.v;
    }
    return undefined;
  }

  expect(...words: string[]): string {
    const got = this.accept(...words);
    if (got === undefined) throw new Fail(`expected ${words.join(' or ')}, found '${this.peek()?.v ?? 'the end'}'`);
    return got;
  }

  /** Consumes one token, whatever it is. */
  skip(): void {
    this.i++;
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  expr(): Expr {
    const items = [this.and()];
    while (this.accept('or', '||')) items.push(this.and());
    return items.length === 1 ? items[0]! : { t: 'or', items };
  }

  private and(): Expr {
    const items = [this.not()];
    while (this.accept('and', '&&')) items.push(this.not());
    return items.length === 1 ? items[0]! : { t: 'and', items };
  }

  private not(): Expr {
    if (this.accept('not', '!')) return { t: 'not', x: this.not() };
    return this.cmp();
  }

  private cmp(): Expr {
    const l = this.sum();
    let op = this.accept(...Object.keys(CMP));
    if (op === 'is' && this.accept('not')) op = 'isnot';
    if (op === undefined) return l;
    return { t: 'cmp', op: CMP[op]!, l, r: this.sum() };
  }

  sum(): Expr {
    let l = this.primary();
    for (let op = this.accept('+', '-'); op; op = this.accept('+', '-')) l = { t: 'arith', op: op as '+' | '-', l, r: this.primary() };
    return l;
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw new Fail('the expression ends too early');
    if (this.accept('(')) {
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (this.accept('-')) {
      const n = this.peek();
      if (n?.k !== 'num') throw new Fail('a minus sign only maps before a number');
      this.i++;
      return { t: 'lit', value: -Number(n.v) };
    }
    this.i++;
    if (t.k === 'var') return { t: 'var', name: t.v };
    if (t.k === 'num') return { t: 'lit', value: Number(t.v) };
    if (t.k === 'str') return { t: 'lit', value: t.v };
    if (t.k === 'word' && (t.v === 'true' || t.v === 'false')) return { t: 'lit', value: t.v === 'true' };
    if (t.k === 'word' && t.v === 'it') return { t: 'it' };
    if (t.k === 'word' && t.v.startsWith('_')) throw new Fail(`'${t.v}' is a temporary variable`);
    if (t.k === 'word' && this.accept('(')) throw new Fail(`'${t.v}()' is a function call`);
    throw new Fail(`'${t.v}' does not map`);
  }
}

/** Throws a reason out of a parser callback. */
export function fail(reason: string): never {
  throw new Fail(reason);
}
