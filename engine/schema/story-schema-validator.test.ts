/**
 * The checked-in precompiled validator is what `npm run gen:schema` makes of
 * today's engine/story.schema.json: edit the schema without regenerating and
 * this fails, naming the command to run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DTS, GENERATED_JS, schemaValidatorSource } from '../../scripts/schema-validator-source.ts';
import { idPattern, node, top } from './story-schema-validator.generated.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the precompiled story-schema validator', () => {
  it('is up to date with engine/story.schema.json (else run `npm run gen:schema`)', async () => {
    const fresh = schemaValidatorSource();
    const stale = 'stale: run `npm run gen:schema` and commit the result';
    expect((await readFile(join(ROOT, GENERATED_JS), 'utf8')) === fresh.js, `${GENERATED_JS} is ${stale}`).toBe(true);
    expect((await readFile(join(ROOT, GENERATED_DTS), 'utf8')) === fresh.dts, `${GENERATED_DTS} is ${stale}`).toBe(true);
  });

  it('is self-contained code: no eval, no require, no ajv at run time', async () => {
    const js = await readFile(join(ROOT, GENERATED_JS), 'utf8');
    expect(js).not.toMatch(/new Function|\beval\(|\brequire\(|^import /m);
  });

  it('validates and reports ajv errors', () => {
    expect(node({ media: { src: 'a/b.mpd', duration: 3 }, ending: { title: 'End' } })).toBe(true);
    expect(node({ media: { src: 'a/b.mpd', duration: 3 }, ending: { title: 'End' }, extra: 1 })).toBe(false);
    expect(node.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'extra' } });
    expect(top({ format: 'branchcast/story@1', id: 'x', title: 'X', start: 'a', nodes: { a: 'anything: nodes are checked one by one' } })).toBe(true);
    expect(new RegExp(idPattern).test('intro_2')).toBe(true);
    expect(new RegExp(idPattern).test('__proto__')).toBe(false);
  });
});
