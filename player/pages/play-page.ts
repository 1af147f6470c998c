/**
 * /play/:story: one viewer plays a story alone. No token, no room: the
 * player loads the story and runs it in this page (mode="solo").
 */
import '../elements/branchcast-player.ts';

export function mountPlay(root: HTMLElement, story: string): void {
  const player = document.createElement('branchcast-player');
  player.setAttribute('mode', 'solo');
  player.setAttribute('story', story);
  root.replaceChildren(player);
}
