/**
 * One card per node, as an SVG group: title (or id), the id, a thumbnail if
 * the studio has one, a problems badge, the start tag, the ending band, and
 * the out-port the author drags from to connect. Text is cut by length
 * because SVG text does not ellipsize; the full text is in the aria label.
 */
import { nothing, svg, type SVGTemplateResult } from 'lit';
import { PORT_R, type Box } from './map-geometry.ts';
import type { NodeProblems } from './diagnostic-nodes.ts';
import { problemsText } from './diagnostic-nodes.ts';
import type { MapNode } from './story-map-graph.ts';

export interface CardState {
  problems: NodeProblems | undefined;
  selected: boolean;
  match: boolean;
  /** The search match Enter last moved to. */
  current: boolean;
  thumbnail: string | null;
}

const THUMB_W = 64;
const THUMB_H = 36;

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The card's accessible name: its visible words first, in the order they are
 * drawn (WCAG 2.5.3, label in name: a speech user says what they see), then
 * what the badge's symbols mean.
 */
export function cardLabel(node: MapNode, problems: NodeProblems | undefined, textMax = 22): string {
  const seen = [cut(node.title ?? node.id, textMax), cut(node.id, textMax + 4)];
  if (node.ending !== null) seen.push(`Ending: ${cut(node.ending, 18)}`);
  if (node.start) seen.push('START');
  if (problems) seen.push(badgeText(problems));
  return problems ? `${seen.join(' ')}, ${problemsText(problems)}` : seen.join(' ');
}

function badgeText(p: NodeProblems): string {
  return [p.errors ? `✖${p.errors}` : '', p.warnings ? `▲${p.warnings}` : ''].filter(Boolean).join(' ');
}

/**
 * A frame that fails to load (a node whose clip is not packaged yet) would show
 * Chromium's broken-image icon: hidden instead. Shown again on a later load,
 * because Lit reuses the element when the card's href changes.
 */
const hideThumb = (e: Event) => { (e.target as SVGImageElement).style.visibility = 'hidden'; };
const showThumb = (e: Event) => { (e.target as SVGImageElement).style.visibility = ''; };

export function cardTemplate(node: MapNode, b: Box, s: CardState): SVGTemplateResult {
  const classes = ['card', node.start ? 'start' : '', node.ending !== null ? 'ending' : '', s.selected ? 'selected' : '', s.match ? 'match' : '', s.current ? 'current' : '']
    .filter(Boolean).join(' ');
  const textMax = s.thumbnail ? 15 : 22;
  return svg`<g class=${classes} data-node=${node.id} transform="translate(${b.x} ${b.y})" tabindex="0" role="button"
      aria-label=${cardLabel(node, s.problems, textMax)} aria-pressed=${s.selected ? 'true' : 'false'}>
    <rect class="ring" x="-5" y="-5" width=${b.w + 10} height=${b.h + 10} rx="12"></rect>
    <rect class="frame" width=${b.w} height=${b.h} rx="8"></rect>
    ${s.thumbnail ? svg`<image class="thumb" href=${s.thumbnail} x=${b.w - THUMB_W - 10} y="10" width=${THUMB_W} height=${THUMB_H} preserveAspectRatio="xMidYMid slice"
      @error=${hideThumb} @load=${showThumb}></image>` : nothing}
    <text class="title" x="12" y="26">${cut(node.title ?? node.id, textMax)}</text>
    <text class="id" x="12" y="46">${cut(node.id, textMax + 4)}</text>
    ${node.ending !== null ? svg`<text class="ending-text" x="12" y=${b.h - 12}>⚑ Ending: ${cut(node.ending, 18)}</text>` : nothing}
    ${node.start ? svg`<g class="start-tag" transform="translate(10 -11)"><rect width="54" height="20" rx="10"></rect><text x="27" y="14">START</text></g>` : nothing}
    ${s.problems ? badge(s.problems, b.w) : nothing}
    ${node.ending === null ? svg`<circle class="port" data-port=${node.id} cx=${b.w} cy=${b.h / 2} r=${PORT_R}><title>Drag to connect ${node.id}</title></circle>` : nothing}
  </g>`;
}

/** "✖2 ▲1" in a pill on the card's top edge, red when there is an error, amber for warnings only. */
function badge(p: NodeProblems, width: number): SVGTemplateResult {
  const text = badgeText(p);
  const w = 14 + text.length * 8;
  return svg`<g class="badge ${p.worst}" data-errors=${p.errors} data-warnings=${p.warnings} transform="translate(${width - w - 10} -11)">
    <title>${problemsText(p)}: ${p.messages.slice(0, 5).join(' · ')}</title>
    <rect width=${w} height="20" rx="10"></rect><text x=${w / 2} y="14">${text}</text></g>`;
}
