/** The studio's bundle entry (/player/studio.js, served on /studio): kept apart from the viewer's bundle. */
import { mountStudio } from './studio/studio-page.ts';

void mountStudio(document.getElementById('app') ?? document.body);
