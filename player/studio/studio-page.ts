/**
 * /studio: sign in with an author or operator key (typed, kept in this tab's
 * sessionStorage, sent only as a Bearer header), then open a story, start a
 * new one from nothing, or import a Twine (Twee 3) file; the story opens in
 * <branchcast-studio>.
 */
import { importTwee } from '../../engine/import/twine-import.ts';
import type { Story } from '../../engine/story.ts';
import './branchcast-studio.ts';
import { StoryDraft } from './story-draft.ts';
import { newStory } from './story-edits.ts';
import { StudioApi, StudioError } from './studio-api.ts';

const KEY = 'branchcast:studio-key';

export async function mountStudio(root: HTMLElement): Promise<void> {
  const key = sessionStorage.getItem(KEY);
  if (!key) return signIn(root);
  const api = new StudioApi('', key);
  let stories;
  try {
    stories = await api.listStories();
  } catch (e) {
    sessionStorage.removeItem(KEY);
    return signIn(root, e instanceof StudioError && e.status === 401 ? 'That key was not accepted.' : String(e));
  }
  root.innerHTML = `<h1>branchcast studio</h1>
  <section aria-label="Stories"><h2>Stories</h2><ul id="stories"></ul></section>
  <form id="new-story" aria-label="New story"><h2>New story</h2>
    <p><label>Id <input name="id" required pattern="[A-Za-z0-9_-]{1,64}"></label>
    <label>Title <input name="title" required></label> <button type="submit">Create</button></p></form>
  <p><label>Import a Twine story (.twee) <input id="import" type="file" accept=".twee,.tw,.txt"></label></p>
  <p id="studio-message" role="status"></p>`;
  const list = root.querySelector<HTMLUListElement>('#stories')!;
  for (const s of stories) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.className = 'open-story';
    button.dataset.story = s.id;
    button.textContent = `${s.title} (${s.id}, ${s.nodes} nodes)`;
    button.addEventListener('click', () => void open(root, api, s.id));
    li.append(button);
    list.append(li);
  }
  root.querySelector<HTMLFormElement>('#new-story')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    edit(root, api, newStory(field('id'), field('title')), null);
  });
  root.querySelector<HTMLInputElement>('#import')!.addEventListener('change', (e) => void importFile(root, api, e.target as HTMLInputElement));
}

function signIn(root: HTMLElement, problem = ''): void {
  root.innerHTML = `<h1>branchcast studio</h1>
  <form id="sign-in" aria-label="Sign in"><p><label>Author or operator key <input name="key" type="password" autocomplete="off" required></label>
  <button type="submit">Open the studio</button></p><p role="alert" id="sign-in-problem"></p></form>`;
  root.querySelector('#sign-in-problem')!.textContent = problem;
  root.querySelector<HTMLFormElement>('#sign-in')!.addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, ((e.target as HTMLFormElement).elements.namedItem('key') as HTMLInputElement).value);
    void mountStudio(root);
  });
}

async function open(root: HTMLElement, api: StudioApi, id: string): Promise<void> {
  const { story, etag } = await api.getStory(id);
  edit(root, api, story, etag);
}

async function importFile(root: HTMLElement, api: StudioApi, input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  const result = importTwee(await file.text());
  if (!result.story) {
    root.querySelector('#studio-message')!.textContent = `Nothing to import: ${result.diagnostics[0]?.message ?? 'no story passages'}`;
    return;
  }
  edit(root, api, result.story, null);
}

function edit(root: HTMLElement, api: StudioApi, story: Story, etag: string | null): void {
  const studio = document.createElement('branchcast-studio');
  studio.api = api;
  studio.draft = new StoryDraft(story, etag);
  root.replaceChildren(studio);
}
