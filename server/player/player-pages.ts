/**
 * The player's HTML pages. They are static: the script reads the room id
 * from the path and the host token from the URL fragment (never sent to the
 * server, so it never lands in access logs), and the home page takes the
 * operator key in a form field (never embedded in the page).
 *
 * <main> is no live region: the player re-renders four times a second, and a
 * screen reader would read all of it; what should be spoken has its own
 * role=status or aria-live element.
 */

export type PlayerPage = 'home' | 'watch' | 'host' | 'play' | 'studio';

const TITLES: Record<PlayerPage, string> = { home: 'branchcast: interactive video, watched together', watch: 'branchcast: watch', host: 'branchcast: host console', play: 'branchcast: play', studio: 'branchcast studio' };

export function pageHtml(page: PlayerPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${TITLES[page]}</title>
<style>
  html, body { margin: 0; background: #0b0d12; color: #e8ebf2; font: 16px/1.4 system-ui, sans-serif; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px; }
  a { color: #8fb8ff; }
  :focus-visible { outline: 3px solid #ffcc33; outline-offset: 2px; }
</style>
<script type="module" src="/player/${page === 'studio' ? 'studio' : 'app'}.js"></script>
</head>
<body data-page="${page}">
<main id="app"><noscript>branchcast needs JavaScript.</noscript></main>
</body>
</html>
`;
}
