/** Story versions in the library (issue 16): conditional saves, history, restarts, legacy data, bundled stories, shares. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storyVersion, type Story } from '../../engine/index.ts';
import { minimalStory } from '../../test/support/story-fixtures.ts';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import type { Principal } from '../auth/principal.ts';
import { createMemoryStoryVersionStore } from '../stories/memory-story-version-store.ts';
import { StoryLibrary } from './story-library.ts';
import { silentLogger } from '../log/logger.ts';

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.remove()));
});
async function temp(): Promise<string> {
  const dir = await makeTempDir('branchcast-library-');
  dirs.push(dir);
  return dir.path;
}

const operator: Principal = { kind: 'operator' };
const ana: Principal = { kind: 'author', id: 'au-ana', name: 'Ana' };
const ben: Principal = { kind: 'author', id: 'au-ben', name: 'Ben' };
const story = (id: string, title: string): Story => ({ ...minimalStory(), id, title });
const text = (id: string, title: string): string => JSON.stringify(story(id, title));
const tag = (id: string, title: string): string => `"${storyVersion(story(id, title))}"`;
let clock = 1_000;
const open = (dataDir: string, bundled?: string): Promise<StoryLibrary> => StoryLibrary.open(bundled, dataDir, silentLogger(), undefined, { now: () => (clock += 1000) });

describe('StoryLibrary versions', () => {
  it('saves new versions under If-Match, refuses stale (412) and unconditional (428) replaces, and keeps every version across a restart', async () => {
    const data = await temp();
    const library = await open(data);
    expect(await library.save(text('s', 'One'), { by: ana, conditions: { requireCondition: true } })).toMatchObject({ ok: true, created: true });
    expect(await library.save(text('s', 'Two'), { by: ana, conditions: { requireCondition: true } })).toMatchObject({ ok: false, reason: 'precondition-required' });
    expect(await library.save(text('s', 'Two'), { by: ana, conditions: { ifMatch: tag('s', 'One'), requireCondition: true } })).toMatchObject({ ok: true, created: false });
    const stale = await library.save(text('s', 'Three'), { by: ana, conditions: { ifMatch: tag('s', 'One'), requireCondition: true } });
    expect(stale).toMatchObject({ ok: false, reason: 'precondition-failed', current: { version: storyVersion(story('s', 'Two')), savedBy: 'au-ana', title: 'Two' } });
    expect(await library.save(text('s', 'Three'), { by: ana, conditions: { ifMatch: '*', requireCondition: true } })).toMatchObject({ ok: true });
    expect(await library.save(text('s', 'Four'), { by: ana, conditions: { ifNoneMatch: '*', requireCondition: true } })).toMatchObject({ ok: false, reason: 'precondition-failed' });

    const reopened = await open(data);
    expect((await reopened.find('s'))?.story.title).toBe('Three');
    expect((await reopened.history('s'))?.map((v) => v.title)).toEqual(['Three', 'Two', 'One']);
    expect(JSON.parse((await reopened.versionText('s', storyVersion(story('s', 'One')))) ?? 'null')).toMatchObject({ title: 'One' });
    expect(await reopened.versionText('s', '0123456789abcdef')).toBeUndefined();
  });

  it('lets exactly one of two racing saves from the same version win', async () => {
    const library = await StoryLibrary.open(undefined, await temp(), silentLogger(), undefined, { store: createMemoryStoryVersionStore() });
    await library.put(text('race', 'Base'));
    const results = await Promise.all(['A', 'B'].map((title) => library.save(text('race', title), { by: operator, conditions: { ifMatch: tag('race', 'Base'), requireCondition: true } })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'precondition-failed')).toHaveLength(1);
  });

  it('stores nothing new when the content is unchanged, and refuses a body whose id is not the path id', async () => {
    const library = await open(await temp());
    await library.put(text('same', 'Same'));
    expect(await library.put(JSON.stringify(story('same', 'Same'), null, 2))).toMatchObject({ ok: true, created: false });
    expect(await library.history('same')).toHaveLength(1);
    expect(await library.save(text('other', 'X'), { by: operator, id: 'same', conditions: { ifMatch: '*', requireCondition: true } })).toEqual({ ok: false, reason: 'id-mismatch', id: 'other' });
    expect(await library.save('{"no": "story"}', { by: operator, conditions: { requireCondition: true } })).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('saves a text with a byte-order mark (parsed once, by the validator that accepts it) and loads it again after a restart', async () => {
    const data = await temp();
    const marked = '\ufeff' + text('bom', 'Marked');
    expect(await (await open(data)).put(marked)).toMatchObject({ ok: true, created: true, story: story('bom', 'Marked') });
    const reopened = await open(data);
    expect(reopened.get('bom')).toMatchObject({ story: story('bom', 'Marked'), version: storyVersion(story('bom', 'Marked')) });
    expect(await reopened.versionText('bom', storyVersion(story('bom', 'Marked')))).toBe(marked);
  });

  it('imports stories an older server kept in <data>/stories/ as their first version', async () => {
    const data = await temp();
    await mkdir(path.join(data, 'stories'));
    await writeFile(path.join(data, 'stories', 'old.json'), text('old', 'Old'));
    const library = await open(data);
    expect(await library.history('old')).toMatchObject([{ version: storyVersion(story('old', 'Old')), savedBy: 'operator', title: 'Old' }]);
    expect(await readdir(path.join(data, 'story-versions', 'old'))).toEqual(expect.arrayContaining(['record.json', `${storyVersion(story('old', 'Old'))}.json`]));
  });

  it('treats a bundled story as version 1: the operator shadows it with a saved version, authors may not', async () => {
    const data = await temp();
    const bundledDir = await temp();
    await writeFile(path.join(bundledDir, 'demo.json'), text('demo', 'Bundled'));
    const library = await open(data, bundledDir);
    expect(await library.history('demo')).toMatchObject([{ savedBy: 'bundled', savedAt: null, title: 'Bundled' }]);
    expect(await library.save(text('demo', 'Mine'), { by: ana, conditions: { ifMatch: tag('demo', 'Bundled'), requireCondition: true } })).toEqual({ ok: false, reason: 'forbidden' });
    expect(await library.save(text('demo', 'Edited'), { by: operator, conditions: { ifMatch: tag('demo', 'Bundled'), requireCondition: true } })).toMatchObject({ ok: true, created: false });
    const reopened = await open(data, bundledDir);
    expect((await reopened.find('demo'))?.source).toBe('uploaded');
    expect((await reopened.history('demo'))?.map((v) => [v.title, v.savedBy])).toEqual([['Edited', 'operator'], ['Bundled', 'bundled']]);
    expect(await reopened.versionText('demo', storyVersion(story('demo', 'Bundled')))).toBe(text('demo', 'Bundled'));
  });

  it('lets the owner share a story: the shared author may save it, others may not, and only the owner shares', async () => {
    const data = await temp();
    const library = await open(data);
    await library.save(text('draft', 'Draft'), { by: ana, conditions: { requireCondition: true } });
    const edit = (by: Principal) => library.save(text('draft', `By ${by.kind === 'author' ? by.name : 'x'}`), { by, conditions: { ifMatch: '*', requireCondition: true } });
    expect(await edit(ben)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await library.share('draft', ben, 'au-ben', true)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await library.share('draft', ana, 'au-ben', true)).toEqual({ ok: true, shares: ['au-ben'] });
    expect(await edit(ben)).toMatchObject({ ok: true });
    const reopened = await open(data);
    expect((await reopened.find('draft'))?.shares).toEqual(['au-ben']);
    expect(await reopened.share('draft', operator, 'au-ben', false)).toEqual({ ok: true, shares: [] });
    expect(await reopened.share('nowhere', operator, 'au-ben', true)).toEqual({ ok: false, reason: 'not-found' });
  });
});
