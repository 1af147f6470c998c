import { importError, importWarning, type ImportDiagnostic } from './import-diagnostic.ts';

/** One passage of a Twee 3 file, with where its text starts so findings can point into the file. */
export interface TweePassage {
  name: string;
  tags: string[];
  text: string;
  /** 1-based line of the `::` header; the text starts on the next line. */
  line: number;
}

export interface TweeDocument {
  passages: TweePassage[];
  diagnostics: ImportDiagnostic[];
}

/**
 * Parses Twee 3 notation (twee-3-specification.md): `:: Name [tags] {metadata}`
 * headers, each followed by content up to the next header. Never throws.
 * Hand-written rather than the `extwee` package: the format is a header regex
 * and an escape rule, and extwee pulls in an HTML parser, a CLI framework and
 * more, none of which may run inside the pure engine.
 */
export function parseTwee(source: string): TweeDocument {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const passages: TweePassage[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  let current: { passage: TweePassage; body: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    // The spec: trailing blank lines of a passage are not part of it.
    while (current.body.length > 0 && current.body[current.body.length - 1]!.trim() === '') current.body.pop();
    current.passage.text = current.body.join('\n');
    passages.push(current.passage);
  };
  lines.forEach((text, i) => {
    if (!text.startsWith('::')) {
      current?.body.push(text);
      return;
    }
    finish();
    const header = parseHeader(text.slice(2));
    const at = { passage: header.name, line: i + 1, column: 1 };
    if (header.name === '') diagnostics.push(importError('twee-syntax', '', `line ${i + 1}: a passage header without a name`, at));
    if (header.problem) diagnostics.push(importWarning('twee-syntax', '', `passage '${header.name}': ${header.problem}`, at));
    current = { passage: { name: header.name, tags: header.tags, text: '', line: i + 1 }, body: [] };
  });
  finish();
  // Text before the first header is no passage; say so rather than lose it.
  const preamble = lines.findIndex((l) => l.startsWith('::'));
  const stray = (preamble < 0 ? lines : lines.slice(0, preamble)).findIndex((l) => l.trim() !== '');
  if (stray >= 0) {
    diagnostics.push(importWarning('twee-syntax', '', `line ${stray + 1}: text before the first passage header is ignored`, { passage: '', line: stray + 1, column: 1 }));
  }
  return { passages: passages.filter((p) => p.name !== ''), diagnostics };
}

interface Header {
  name: string;
  tags: string[];
  problem?: string;
}

/** `Name [tag1 tag2] {"position":"1,2"}` with `\` escaping `[ ] { } \` in the name and tags. */
function parseHeader(rest: string): Header {
  let i = 0;
  const readUntil = (stops: string): string => {
    let out = '';
    while (i < rest.length && !stops.includes(rest[i]!)) {
      if (rest[i] === '\\' && i + 1 < rest.length) i++; // decoding: `\q` yields `q`
      out += rest[i++];
    }
    return out;
  };
  const name = readUntil('[{').trim();
  const header: Header = { name, tags: [] };
  if (rest[i] === '[') {
    i++;
    const tags = readUntil(']');
    if (rest[i] !== ']') return { ...header, problem: 'the tag block has no closing ]' };
    i++;
    header.tags = tags.split(/\s+/).filter((t) => t !== '');
  }
  const metadata = rest.slice(i).trim();
  if (metadata !== '') {
    // Position and size only matter to the Twine editor; a bad block is reported and dropped, as the spec recommends.
    try {
      JSON.parse(metadata);
    } catch {
      header.problem = `its metadata block is not JSON and was ignored: ${metadata.slice(0, 60)}`;
    }
  }
  return header;
}

/** 1-based line and column of an offset into a passage's text. */
export function locateInPassage(passage: TweePassage, offset: number): { passage: string; line: number; column: number } {
  const before = passage.text.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { passage: passage.name, line: passage.line + 1 + newlines, column };
}
