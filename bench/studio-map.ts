/**
 * `npx tsx bench/studio-map.ts [--runs 7] [--pan-seconds 2] [--quick]`: the
 * studio's story map (<branchcast-story-map>, issue 16) in this machine's
 * Chromium, at 241 nodes (stories/generate-stress.ts) against the 5-node
 * demo as the peer, in the same page and run.
 *
 * - first render: a fresh element each run (so no cached layout), from
 *   setting `story` to the first frame after Lit's render (layout by dagre,
 *   the SVG built and painted); the median and max of N runs.
 * - pan: the whole map fitted on screen, then a 2 s pan driven from
 *   requestAnimationFrame (the same transform write a background drag
 *   makes), recording the rAF deltas: p50/p95 frame ms, fps, frames over 20 ms.
 * - reference: the same stress map panned the plain way, by rewriting an SVG
 *   `transform` attribute on one inner <g> (system `stress-241-g-transform`),
 *   to show what the map's composited CSS transform on the <svg> buys.
 *
 * Prints JSON lines on stdout: {scenario:'studio-map', system, metric, value, unit, params}.
 * Goals (issue 16): first render under 1 s and 60 fps pan at 250 nodes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Story } from '../engine/story.ts';
import { generateStressStory } from '../stories/generate-stress.ts';
import { openMapBrowser } from '../test/support/story-map-browser.ts';
import { emit, progress } from './load/report.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, 'pan-seconds': { type: 'string' } } });
const RUNS = Math.max(1, Math.min(50, Number(values.runs ?? (values.quick ? 3 : 7))));
const PAN_MS = 1000 * Math.max(0.2, Math.min(10, Number(values['pan-seconds'] ?? (values.quick ? 1 : 2))));
const SIZE = { width: 1280, height: 720 };

const demo = JSON.parse(readFileSync(new URL('../stories/demo.json', import.meta.url), 'utf8')) as Story;
const systems: Array<{ name: string; story: Story }> = [
  { name: `stress-${Object.keys(generateStressStory().nodes).length}`, story: generateStressStory() },
  { name: `demo-${Object.keys(demo.nodes).length}`, story: demo },
];

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

const map = await openMapBrowser(SIZE);

/**
 * rAF deltas over a pan of the fitted map. `layer`: the element's own path
 * (one CSS transform on the SVG, a composited layer); `svg-g`: the reference,
 * everything moved into one <g> whose `transform` attribute is rewritten.
 */
function panFrames(mode: 'layer' | 'svg-g'): Promise<number[]> {
  return map.page.evaluate(async ([ms, how]) => {
    const el = document.querySelector('branchcast-story-map')!;
    await el.updateComplete;
    el.fit();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const start = { ...el.panZoom.view };
    let group: SVGGElement | null = null;
    if (how === 'svg-g') {
      const svgEl = el.shadowRoot!.querySelector<SVGSVGElement>('svg.world')!;
      svgEl.style.transform = 'none';
      svgEl.style.willChange = 'auto';
      const viewport = el.shadowRoot!.querySelector('.viewport')!;
      svgEl.setAttribute('width', String(viewport.clientWidth));
      svgEl.setAttribute('height', String(viewport.clientHeight));
      svgEl.removeAttribute('viewBox');
      group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      while (svgEl.firstChild) group.appendChild(svgEl.firstChild);
      svgEl.appendChild(group);
    }
    const deltas: number[] = [];
    await new Promise<void>((done) => {
      let first = 0;
      let last = 0;
      const tick = (t: number) => {
        if (first === 0) first = t;
        else deltas.push(t - last);
        last = t;
        // A back-and-forth sweep of 300 px, as a background drag would write it.
        const phase = (t - first) / 1000;
        const view = { ...start, x: start.x + 300 * Math.sin(phase * Math.PI), y: start.y + 80 * Math.sin(phase * 2 * Math.PI) };
        if (group) group.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.k})`);
        else {
          el.panZoom.view = view;
          el.panZoom.apply();
        }
        if (t - first < ms) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return deltas;
  }, [PAN_MS, mode] as const);
}
try {
  const figures = new Map<string, Record<string, number>>();
  for (const { name, story } of systems) {
    progress(`studio-map: ${name}, ${RUNS} first renders`);
    const renders: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      renders.push(await map.page.evaluate(async (s) => {
        const old = document.querySelector('branchcast-story-map');
        const el = document.createElement('branchcast-story-map');
        el.style.height = '100vh';
        old?.replaceWith(el);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t0 = performance.now();
        el.story = s;
        await el.updateComplete;
        // The frame that shows it: rAF runs before paint, the task after it runs once painted.
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      }, story));
    }
    progress(`studio-map: ${name}, ${PAN_MS} ms pan`);
    const frames = await panFrames('layer');
    const total = frames.reduce((a, b) => a + b, 0);
    const f = {
      first_render_median: quantile(renders, 0.5),
      first_render_max: Math.max(...renders),
      pan_frame_p50: quantile(frames, 0.5),
      pan_frame_p95: quantile(frames, 0.95),
      pan_fps: (frames.length / total) * 1000,
      pan_frames_over_20ms: frames.filter((d) => d > 20).length,
    };
    figures.set(name, f);
    const params = { nodes: Object.keys(story.nodes).length, runs: RUNS, panMs: PAN_MS, viewport: `${SIZE.width}x${SIZE.height}`, browser: map.browser.version() };
    emit('studio-map', name, 'first_render_median', f.first_render_median, 'ms', params);
    emit('studio-map', name, 'first_render_max', f.first_render_max, 'ms', params);
    emit('studio-map', name, 'pan_frame_p50', f.pan_frame_p50, 'ms', params);
    emit('studio-map', name, 'pan_frame_p95', f.pan_frame_p95, 'ms', params);
    emit('studio-map', name, 'pan_fps', f.pan_fps, 'fps', params);
    emit('studio-map', name, 'pan_frames_over_20ms', f.pan_frames_over_20ms, 'count', { ...params, frames: frames.length });
  }
  // The reference for how the map pans: the same 241-node SVG panned the plain way, by an SVG
  // `transform` attribute on one inner <g> (the element's own transform is the SVG's CSS one).
  // The demo was shown last: put the stress story back on the page's map first.
  const stress = systems[0]!;
  await map.page.evaluate((s) => {
    const el = document.querySelector('branchcast-story-map')!;
    el.story = s;
  }, stress.story);
  progress(`studio-map: ${stress.name} panned through an SVG <g> transform, ${PAN_MS} ms`);
  const naive = await panFrames('svg-g');
  const naiveTotal = naive.reduce((a, b) => a + b, 0);
  const naiveParams = { nodes: Object.keys(stress.story.nodes).length, panMs: PAN_MS, viewport: `${SIZE.width}x${SIZE.height}`, transform: 'SVG attribute on an inner <g> (reference)' };
  emit('studio-map', `${stress.name}-g-transform`, 'pan_frame_p50', quantile(naive, 0.5), 'ms', naiveParams);
  emit('studio-map', `${stress.name}-g-transform`, 'pan_frame_p95', quantile(naive, 0.95), 'ms', naiveParams);
  emit('studio-map', `${stress.name}-g-transform`, 'pan_fps', (naive.length / naiveTotal) * 1000, 'fps', naiveParams);

  const [big, small] = systems.map((s) => figures.get(s.name)!);
  if (big && small) {
    for (const metric of ['first_render_median', 'pan_frame_p95'] as const) {
      if (big[metric]! > 0 && small[metric]! > 0) emit('studio-map', `${systems[0]!.name}/${systems[1]!.name}`, `${metric}_ratio`, big[metric]! / small[metric]!, 'x', {});
    }
  }
} finally {
  await map.close();
}
