/** Layout of the home page (<branchcast-home>). Colours keep WCAG AA contrast on the page's dark background. */
import { css } from 'lit';

export const homeStyles = css`
  :host { display: block; color: #e8ebf2; font: 16px/1.45 system-ui, sans-serif; --accent: #ffcc33; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  a { color: #8fb8ff; }
  h1 { margin: 8px 0 4px; font-size: 30px; letter-spacing: .5px; }
  h2 { font-size: 19px; margin: 0 0 10px; }
  h3 { margin: 0; font-size: 17px; }
  .lede { font-size: 18px; max-width: 62ch; margin: 4px 0 6px; }
  .how { color: #c3c9d6; max-width: 70ch; margin: 0 0 18px; }
  .panel { background: #131722; border: 1px solid #2a3144; border-radius: 12px; padding: 14px 16px; margin-bottom: 18px; }
  .key label { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; font-weight: 600; }
  .key input { font: inherit; padding: 8px 10px; min-width: 18em; background: #1d2230; color: inherit; border: 1px solid #4a5470; border-radius: 8px; }
  .key input[aria-invalid="true"] { border-color: #ff8a8a; }
  .hint { color: #b9c0cf; font-size: 14px; margin: 6px 0 0; }
  .problem { color: #ffb3b3; margin: 8px 0 0; }
  button, .button { font: inherit; color: #0b0d12; background: var(--accent); border: 0; border-radius: 8px; padding: 8px 14px; cursor: pointer; font-weight: 600; text-decoration: none; display: inline-block; }
  button.secondary, .button.secondary { background: #2c3550; color: #e8ebf2; border: 1px solid #4a5470; }
  button:disabled { opacity: .6; cursor: progress; }
  .stories { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
  .story-card { display: flex; flex-direction: column; gap: 8px; }
  .thumb { background: #0b0d12; border: 1px solid #2a3144; border-radius: 8px; height: 120px; display: grid; place-items: center; overflow: hidden; }
  .graph-thumb { width: 100%; height: 120px; padding: 6px; box-sizing: border-box; display: block; }
  .graph-thumb .edge { stroke: #6b7899; stroke-width: 1.5; fill: none; }
  .graph-thumb .edge.back { stroke-dasharray: 3 3; }
  .graph-thumb .dot { fill: #8fb8ff; stroke: #0b0d12; stroke-width: 1.5; }
  .graph-thumb .dot.start { fill: #5fd68a; } .graph-thumb .dot.ending { fill: var(--accent); }
  .thumb .placeholder { color: #b9c0cf; font-size: 14px; }
  .description { margin: 0; color: #c3c9d6; font-size: 15px; }
  .meta { margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-size: 14px; color: #c3c9d6; }
  .validity { border-radius: 10px; padding: 1px 8px; font-weight: 600; font-size: 13px; border: 1px solid currentColor; }
  .validity.valid { color: #7be3a0; } .validity.warnings { color: #ffd66b; } .validity.errors { color: #ff9b9b; } .validity.unknown, .validity.checking { color: #c3c9d6; }
  .finding { margin: 0; font-size: 13px; color: #c3c9d6; }
  .actions { margin-top: auto; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
  .room { display: grid; grid-template-columns: 1fr auto; gap: 16px; border-color: var(--accent); }
  @media (max-width: 640px) { .room { grid-template-columns: 1fr; } }
  .room .link-row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
  .room input.viewer-link { font: 14px ui-monospace, monospace; flex: 1; min-width: 16em; padding: 8px; background: #0b0d12; color: inherit; border: 1px solid #4a5470; border-radius: 8px; }
  .qr { width: 168px; height: 168px; border-radius: 6px; display: block; }
  .qr-box { margin: 0; text-align: center; font-size: 13px; color: #c3c9d6; }
  .state { text-align: center; padding: 28px 16px; }
  .state h3 { margin-bottom: 6px; }
  .skeleton { height: 240px; border-radius: 12px; background: linear-gradient(90deg, #131722, #1b2030, #131722); background-size: 200% 100%; animation: shimmer 1.4s linear infinite; }
  @keyframes shimmer { to { background-position: -200% 0; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
  code { background: #1d2230; padding: 1px 5px; border-radius: 4px; }
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;
