/** The browser entry point bundled to /player/app.js: mounts the page named by <body data-page> (the path's second segment is its room or story). */
import { mountHome } from './pages/home-page.ts';
import { mountHost } from './pages/host-page.ts';
import { mountPlay } from './pages/play-page.ts';
import { mountWatch } from './pages/watch-page.ts';

const root = document.getElementById('app') ?? document.body;
const page = document.body.dataset.page;
const room = decodeURIComponent(location.pathname.split('/')[2] ?? '');
if (page === 'home') void mountHome(root);
else if (page === 'watch') void mountWatch(root, room);
else if (page === 'host') mountHost(root, room);
else if (page === 'play') mountPlay(root, room);
