import type { Dialect } from './twine-items.ts';
import type { TweePassage } from './twee-parse.ts';

/** What a passage is to the import. */
export type PassageRole = 'title' | 'data' | 'init' | 'code' | 'special' | 'story';

/** Passages story formats run or show around the story, never as a place in it. */
const SPECIAL_NAMES = new Set(['StoryCaption', 'StoryMenu', 'StoryBanner', 'StorySubtitle', 'StoryAuthor', 'StoryInterface',
  'StoryShare', 'StorySettings', 'StoryIncludes', 'PassageReady', 'PassageDone', 'PassageHeader', 'PassageFooter', 'MenuOptions', 'MenuStory']);
const SPECIAL_TAGS = new Set(['widget', 'header', 'footer', 'debug-header', 'debug-footer', 'debug-startup', 'twine.private', 'annotation', 'Twine.image', 'Twine.audio', 'Twine.video', 'Twine.vtt']);

export function passageRole(p: TweePassage): PassageRole {
  if (p.name === 'StoryTitle') return 'title';
  if (p.name === 'StoryData') return 'data';
  if (p.tags.includes('script') || p.tags.includes('stylesheet')) return 'code';
  // SugarCube's StoryInit and Harlowe's startup-tagged passages run once before the start: their sets are initial values.
  if (p.name === 'StoryInit' || p.tags.includes('startup')) return 'init';
  if (SPECIAL_NAMES.has(p.name) || p.tags.some((t) => SPECIAL_TAGS.has(t))) return 'special';
  return 'story';
}

/** The macro syntaxes worth looking for, from StoryData's `format`; all of them when it is missing or unknown. */
export function dialectsOf(format: unknown): Set<Dialect | 'snowman' | 'chapbook'> {
  const f = typeof format === 'string' ? format.toLowerCase() : '';
  if (f.includes('sugarcube')) return new Set(['sugarcube']);
  if (f.includes('harlowe')) return new Set(['harlowe']);
  if (f.includes('snowman')) return new Set(['snowman']);
  if (f.includes('chapbook')) return new Set(['chapbook']);
  return new Set(['sugarcube', 'harlowe', 'snowman']);
}
