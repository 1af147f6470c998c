/** The player's public surface: the elements and the controllers they are built from. */
export { BranchcastPlayer } from './elements/branchcast-player.ts';
export { BranchcastConsole } from './elements/branchcast-console.ts';
export { Session } from '../client/session/session.ts';
export { ClockSync } from '../client/clock/clock-sync.ts';
export { DriftCorrector, SYNC } from './sync/drift-corrector.ts';
export { MediaController } from './media/media-controller.ts';
export { Prefetcher } from './media/prefetcher.ts';
