/** Solo plays (issue 15): a viewer's room of one, decoded, checked and replayed with the same room core. */
export { SOLO_ACTOR, MAX_SOLO_TIME, parseSoloInput, type SoloInput } from './solo-input.ts';
export { createSoloFold, foldSoloInputs, type SoloFold, type SoloFoldResult } from './solo-fold.ts';
export { soloPlayAnalytics, soloPlayEntries, soloRoomId, type SoloPlayLog } from './solo-analytics.ts';
export { storyVersion } from './story-version.ts';
