/**
 * GET /: the front page, <branchcast-home> (player/home/): what branchcast
 * is, the stories with their graph and validity, and a room in one click.
 * The operator key is typed into a password field there, sent only as a
 * Bearer header, and never stored or embedded in the page.
 */
import '../home/branchcast-home.ts';

export function mountHome(root: HTMLElement): void {
  root.replaceChildren(document.createElement('branchcast-home'));
}
