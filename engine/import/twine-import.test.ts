import { describe, expect, it } from 'vitest';
import { validateStory } from '../validate.ts';
import { importTwee } from './twine-import.ts';
import { parseTwee } from './twee-parse.ts';

const DATA = (format: string, start = 'Start') => `:: StoryTitle\nThe Test Story\n\n:: StoryData\n{"ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC", "format": "${format}", "start": "${start}"}\n\n`;
const imported = (twee: string) => {
  const r = importTwee(twee);
  return { ...r, story: r.story!, findings: r.diagnostics.filter((d) => d.code !== 'placeholder-media') };
};
const codes = (twee: string) => imported(twee).findings.map((d) => [d.code, d.passage, d.line]);

describe('Twee 3 parsing', () => {
  it('reads names, tags, escaped metacharacters and drops trailing blank lines', () => {
    const doc = parseTwee(':: A \\[x\\] name [t1  t2] {"position":"1,2"}\nline one\n\n\n:: B\n');
    expect(doc.passages).toEqual([
      { name: 'A [x] name', tags: ['t1', 't2'], text: 'line one', line: 1 },
      { name: 'B', tags: [], text: '', line: 5 },
    ]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('reports a metadata block that is not JSON, and keeps the passage', () => {
    const doc = parseTwee(':: A {"position":}\ntext');
    expect(doc.passages.map((p) => p.name)).toEqual(['A']);
    expect(doc.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['twee-syntax', 'warning', 1]]);
  });

  it('returns no story, and says so, for text that is not Twee', () => {
    const r = importTwee('just some prose\nwith no header');
    expect(r.story).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['twee-syntax', 'twee-syntax']);
  });
});

describe('passages and links', () => {
  const twee = DATA('SugarCube') + ':: Start\nIntro [[Go on->Hall]] [[Garden<-Smell the roses]] [[Back to start|Start]] [[Hall]]\n\n:: Hall\nOne way: [[Out]]\n\n:: Garden\n\n:: Out\nThe end.';

  it('maps the four link forms to options, one link to next, no link to an ending', () => {
    const { story, findings } = imported(twee);
    expect(findings).toEqual([]);
    expect(story.id).toBe('the-test-story');
    expect(story.title).toBe('The Test Story');
    expect(story.start).toBe('start');
    expect(story.nodes.start!.choice).toEqual({
      opens: 5, closes: 9, mode: 'timer', default: 'hall',
      options: [
        { id: 'hall', label: 'Go on', to: 'hall' },
        { id: 'garden', label: 'Smell the roses', to: 'garden' },
        { id: 'start', label: 'Back to start', to: 'start' },
        { id: 'hall-2', label: 'Hall', to: 'hall' },
      ],
    });
    expect(story.nodes.hall!.next).toBe('out');
    expect(story.nodes.out!.ending).toEqual({ title: 'Out' });
    expect(story.nodes.garden!.media).toEqual({ src: 'garden/manifest.mpd', duration: 10 });
    expect(validateStory(story).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('warns once per node that its media is a placeholder, and lists the nodes', () => {
    const r = importTwee(twee);
    expect(r.placeholders).toEqual(['start', 'hall', 'garden', 'out']);
    expect(r.diagnostics.filter((d) => d.code === 'placeholder-media').map((d) => [d.severity, d.path, d.line]))
      .toEqual([['warning', '/nodes/start/media', 7], ['warning', '/nodes/hall/media', 10], ['warning', '/nodes/garden/media', 13], ['warning', '/nodes/out/media', 15]]);
  });

  it('takes the choice mode from the options', () => {
    expect(importTwee(twee, { mode: 'vote' }).story!.nodes.start!.choice!.mode).toBe('vote');
  });

  it('starts at the passage named Start without StoryData, and derives ids from names', () => {
    const { story } = imported(':: Intro\n[[Start]]\n\n:: Start\n[[Café & Bar]]\n\n:: Café & Bar\nend');
    expect(story.start).toBe('start');
    expect(Object.keys(story.nodes)).toEqual(['intro', 'start', 'cafe-bar']);
    expect(story.id).toBe('twine-story');
    expect(story.title).toBe('Untitled Twine story');
  });
});

describe('SugarCube', () => {
  it('maps simple sets to enter effects, StoryInit sets to initial values, and types variables by their first literal', () => {
    const { story, findings } = imported(DATA('SugarCube') + ':: StoryInit\n<<set $gold to 5>><<set $name = "Ana">>\n\n' +
      ':: Start\n<<set $gold += 2>><<set $gold to $gold - 1, $seen to true>><<set $seen to !$seen>>\n<<if $gold gt 3 and $name is "Ana">>[[Shop]]<</if>>\n[[Shop]]\n\n:: Shop\nbye');
    expect(findings).toEqual([]);
    expect(story.variables).toEqual({ gold: 5, name: 'Ana', seen: false });
    expect(story.nodes.start!.effects).toEqual([
      { on: 'enter', add: { gold: 2 } }, { on: 'enter', add: { gold: -1 } }, { on: 'enter', set: { seen: true } }, { on: 'enter', toggle: ['seen'] },
    ]);
    expect(story.nodes.start!.choice!.options[0]!.if).toEqual({ and: [{ '>': [{ var: 'gold' }, 3] }, { '==': [{ var: 'name' }, 'Ana'] }] });
  });

  it('guards links in elseif and else branches with "and not" the earlier conditions', () => {
    const { story, findings } = imported(DATA('SugarCube') + ':: Start\n<<set $n to 1>><<set $ok to false>>\n<<if $n == 1>>[[A]]<<elseif not $ok || $n neq 2>>[[B]]<<else>>[[C]]<</if>>\n[[D]]\n\n:: A\n\n:: B\n\n:: C\n\n:: D\n');
    expect(findings).toEqual([]);
    const first = { '==': [{ var: 'n' }, 1] };
    const second = { or: [{ not: { var: 'ok' } }, { '!=': [{ var: 'n' }, 2] }] };
    expect(story.nodes.start!.choice!.options.map((o) => o.if)).toEqual([first, { and: [{ not: first }, second] }, { and: [{ not: first }, { not: second }] }, undefined]);
    expect(story.nodes.start!.choice!.default).toBe('d');
  });

  it('maps a link setter to option effects, and sees through <<nobr>> and <<silently>>', () => {
    const { story, findings } = imported(DATA('SugarCube') + ':: Start\n<<nobr>><<set $x to 1>><</nobr>><<silently>>[[Go|End][$x to 2]]<</silently>>\n\n:: End\n');
    expect(findings).toEqual([]);
    expect(story.nodes.start!.effects).toEqual([{ on: 'enter', set: { x: 1 } }]);
    expect(story.nodes.start!.choice!.options).toEqual([{ id: 'end', label: 'Go', to: 'end', effects: [{ set: { x: 2 } }] }]);
  });
});

describe('Harlowe', () => {
  it('maps (set:), (put:), it + n and (if:)/(else-if:)/(else:)/(unless:) hooks', () => {
    const { story, findings } = imported(DATA('Harlowe') + ':: Start\n(set: $hp to 3)(put: "x" into $tag)(set: $hp to it + 2)\n' +
      '(if: $hp >= 3)[ [[Strong]] ](else-if: $tag is not "y")[[[Odd]]]\n(else:)[ [[Weak]] ]\n(unless: $hp < 1)[[[Alive]]]\n[[Weak]]\n\n:: Strong\n\n:: Odd\n\n:: Weak\n\n:: Alive\n');
    expect(findings).toEqual([]);
    expect(story.nodes.start!.effects).toEqual([{ on: 'enter', set: { hp: 3 } }, { on: 'enter', set: { tag: 'x' } }, { on: 'enter', add: { hp: 2 } }]);
    const strong = { '>=': [{ var: 'hp' }, 3] };
    const odd = { '!=': [{ var: 'tag' }, 'y'] };
    expect(story.nodes.start!.choice!.options.map((o) => [o.to, o.if])).toEqual([
      ['strong', strong], ['odd', { and: [{ not: strong }, odd] }], ['weak', { and: [{ not: strong }, { not: odd }] }],
      ['alive', { not: { '<': [{ var: 'hp' }, 1] } }], ['weak', undefined],
    ]);
  });

  it('maps (link-goto:) to an option', () => {
    const { story } = imported(DATA('Harlowe') + ':: Start\n(link-goto: "Leave", "Out")\n\n:: Out\n');
    expect(story.nodes.start!.next).toBe('out');
  });
});

describe('what does not map is reported with its passage and line', () => {
  it('macros, JavaScript, CSS and special passages', () => {
    expect(codes(DATA('SugarCube') + ':: UserScript [script]\nwindow.x = 1;\n\n:: UserStyle [stylesheet]\nbody {}\n\n:: StoryCaption\nGold: $gold\n\n' +
      ':: Start\n<<goto "End">>\n<script>alert(1)</script>\n<<link "Take">><<set $x to 1>>[[End]]<</link>>\n[[End]]\n\n:: End\n')).toEqual([
      ['unmapped-code', 'UserScript', 7], ['unmapped-code', 'UserStyle', 10], ['unmapped-passage', 'StoryCaption', 13],
      ['unmapped-macro', 'Start', 17], ['unmapped-code', 'Start', 18], ['unmapped-macro', 'Start', 19],
      ['unused-variable', undefined, undefined], // $x is only set inside the <<link>> that was skipped
    ]);
  });

  it('a set inside an if, a set of a computed value, a type clash, a temporary or nested variable', () => {
    const r = imported(DATA('SugarCube') + ':: Start\n<<set $a to 1>>\n<<if $a > 0>><<set $b to true>><</if>>\n<<set $c to random(1, 6)>>\n<<set $a to "x">>\n<<set _t to 1>>\n<<set $p.name to "x">>\n[[End]]\n\n:: End\n');
    expect(r.findings.map((d) => [d.code, d.line])).toEqual([['unmapped-macro', 9], ['unmapped-macro', 10], ['unmapped-macro', 11], ['unmapped-macro', 12], ['unmapped-macro', 13], ['unused-variable', undefined]]);
    expect(r.findings[0]!.message).toContain('only under a condition');
    expect(r.findings[1]!.message).toContain("'random()' is a function call");
    expect(r.findings[2]!.message).toContain('$a is a number elsewhere');
    expect(r.story.nodes.start!.effects).toEqual([{ on: 'enter', set: { a: 1 } }]);
  });

  it('a condition that does not map leaves its links unguarded, and says so', () => {
    const r = imported(DATA('SugarCube') + ':: Start\n<<if visited("End") > 1>>[[End]]<<else>>[[Other]]<</if>>\n[[Other]]\n\n:: End\n\n:: Other\n');
    expect(r.findings.map((d) => [d.code, d.line])).toEqual([['unmapped-macro', 8]]);
    expect(r.findings[0]!.message).toContain('2 link(s) under it are offered without the condition');
    expect(r.story.nodes.start!.choice!.options.map((o) => o.if)).toEqual([undefined, undefined, undefined]);
  });

  it('a condition on a variable never given a literal', () => {
    const r = imported(DATA('SugarCube') + ':: Start\n<<if $ghost>>[[End]]<</if>>\n[[End]]\n\n:: End\n');
    expect(r.findings[0]!.message).toContain('$ghost is never given a literal value');
  });

  it('broken and image links, and a passage whose every link is guarded', () => {
    const r = imported(DATA('SugarCube') + ':: Start\n<<set $k to false>>[[Nowhere]] [img[pic.png][End]]\n<<if $k>>[[End]]<</if>>\n\n:: End\n');
    expect(r.findings.map((d) => [d.code, d.line, d.column])).toEqual([['unmapped-link', 8, 20], ['unmapped-link', 8, 32], ['dropped-condition', 9, 10]]);
    expect(r.story.nodes.start!.choice!.options).toEqual([{ id: 'end', label: 'End', to: 'end' }]);
    expect(validateStory(r.story).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('StoryInit content other than literal sets', () => {
    const r = imported(DATA('SugarCube') + ':: StoryInit\n<<set $a to 1>>\n<<run setup.init()>>\n\n:: Start\n<<if $a is 1>>[[End]]<</if>>[[End]]\n\n:: End\n');
    expect(r.findings.map((d) => [d.code, d.passage, d.line, d.path])).toEqual([['unmapped-macro', 'StoryInit', 9, '/variables']]);
    expect(r.story.variables).toEqual({ a: 1 });
  });

  it('an unclosed container and a stray Harlowe (else:)', () => {
    expect(codes(DATA('') + ':: Start\n<<if $x>>[[End]]\n(else:)[ [[End]] ]\n\n:: End\n')).toEqual([['unmapped-macro', 'Start', 8], ['unreachable-node', 'End', 11]]);
    expect(codes(DATA('Harlowe') + ':: Start\n(else:)[ [[End]] ]\n[[End]]\n\n:: End\n')).toEqual([['unmapped-macro', 'Start', 8]]);
  });

  it('results the validator rejects are reported too, located at their passage', () => {
    const r = imported(':: Start\n[[Loop]]\n\n:: Loop\n[[Start]]\n');
    expect(r.findings.map((d) => [d.code, d.severity])).toContainEqual(['no-ending', 'error']);
  });

  it('Chapbook vars sections, modifiers and inserts', () => {
    expect(codes(DATA('Chapbook') + ':: Start\nkey: true\n--\n[if key]\nYou have {key}.\n[[End]]\n\n:: End\n').map((c) => c[2]))
      .toEqual([8, 10, 11]);
  });

  it('never throws on garbage', () => {
    for (const junk of ['::', ':: [', ':: A\n<<', ':: A\n(if:', ':: A\n[[', ':: A\n<<if>><<else', ':: A\n(set: $x to (((', '\u0000::\u0000']) {
      expect(() => importTwee(junk)).not.toThrow();
    }
  });
});
