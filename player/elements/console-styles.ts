/** Layout of the host console. Colours keep WCAG AA contrast on the dark cards. */
import { css } from 'lit';

export const consoleStyles = css`
  .console { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 16px; }
  @media (max-width: 800px) { .console { grid-template-columns: 1fr; } }
  .console.connecting .right, .console.unreachable .right, .console.unreachable .transport { opacity: .6; }
  .transport { display: flex; gap: 8px; align-items: center; margin: 8px 0 12px; flex-wrap: wrap; }
  .transport button, .card button, form.push button { padding: 6px 12px; background: #2c3550; border: 1px solid #4a5470; border-radius: 6px; }
  .transport button.play { background: var(--accent); color: #0b0d12; border-color: var(--accent); font-weight: 600; min-width: 5em; }
  .transport .seek { flex: 1; min-width: 120px; }
  .card { background: #131722; border: 1px solid #2a3144; border-radius: 10px; padding: 10px 12px; margin-bottom: 12px; }
  .card h2 { margin: 0 0 8px; font-size: 15px; }
  .card .empty { color: #c3c9d6; margin: 0; font-size: 14px; }
  .now h2 { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
  .node-id { color: #c3c9d6; font-size: 12px; }
  .timeline { position: relative; height: 10px; background: #1d2230; border-radius: 5px; overflow: hidden; }
  .timeline .played { position: absolute; inset: 0 auto 0 0; background: #3b6fd9; }
  .timeline .cue { position: absolute; top: 0; bottom: 0; width: 3px; background: var(--accent); }
  .time { font-variant-numeric: tabular-nums; color: #c3c9d6; margin: 4px 0 0; font-size: 13px; }
  .audience p { margin: 0; } .viewer-count { font-size: 28px; font-variant-numeric: tabular-nums; margin-right: 4px; }
  .countdown-line { margin: 0 0 6px; color: #c3c9d6; } .countdown { color: var(--accent); font-variant-numeric: tabular-nums; }
  .tally-row { display: grid; grid-template-columns: 130px 1fr 32px auto; gap: 8px; align-items: center; margin: 4px 0; }
  .track { height: 14px; background: #1d2230; border-radius: 7px; overflow: hidden; }
  .fill { display: block; height: 100%; background: linear-gradient(90deg, #3b6fd9, #ffcc33); transition: width .3s; }
  .n { text-align: right; font-variant-numeric: tabular-nums; }
  kbd { font: 12px ui-monospace, monospace; background: #1d2230; border: 1px solid #4a5470; border-bottom-width: 2px; border-radius: 4px; padding: 0 5px; margin-right: 3px; }
  canvas.heatmap { width: 100%; border-radius: 6px; margin: 6px 0; }
  form.push { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; margin-top: 6px; }
  form.push input { padding: 6px; background: #1d2230; color: inherit; border: 1px solid #4a5470; border-radius: 6px; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; } td, th { text-align: left; padding: 2px 4px; }
  .log-scroll { max-height: 220px; overflow-y: auto; border-radius: 6px; }
  .action-log { list-style: none; margin: 0; padding: 0; font-size: 14px; }
  .log-entry { display: grid; grid-template-columns: auto 1fr; gap: 0 10px; padding: 4px 0; border-bottom: 1px solid #232a3b; }
  .log-entry time { color: #c3c9d6; font-variant-numeric: tabular-nums; grid-row: span 2; }
  .log-entry .outcome { font-size: 13px; }
  .log-entry.acknowledged .outcome { color: #7be3a0; } .log-entry.refused .outcome { color: #ffa3a3; } .log-entry.sent .outcome { color: #c3c9d6; }
  .shortcuts dl { margin: 0; display: grid; grid-template-columns: 1fr; gap: 4px; font-size: 14px; }
  .shortcuts dl > div { display: grid; grid-template-columns: 120px 1fr; gap: 8px; } .shortcuts dt, .shortcuts dd { margin: 0; }
  .banner { display: flex; gap: 12px; align-items: center; justify-content: space-between; margin: 0 0 12px; padding: 10px 14px; border-radius: 10px; background: #1b2133; border: 1px solid #4a5470; }
  .banner.unreachable { border-color: #ff9b9b; }
  .spinner { display: inline-block; width: 12px; height: 12px; margin-right: 8px; border-radius: 50%; border: 2px solid #4a5470; border-top-color: var(--accent); animation: spin 1s linear infinite; vertical-align: -1px; }
  @keyframes spin { to { transform: rotate(360deg); } }
  .dead-end { max-width: 620px; margin: 40px auto 24px; padding: 24px; text-align: center; background: #131722; border: 1px solid #ff9b9b; border-radius: 12px; }
  .dead-end.closed { border-color: #4a5470; }
  .dead-end h2 { margin: 0 0 8px; font-size: 22px; }
  .dead-end .button { display: inline-block; color: #0b0d12; background: var(--accent); border-radius: 8px; padding: 8px 14px; font-weight: 600; text-decoration: none; }
  .console-dead .actions-card { max-width: 620px; margin: 0 auto; }
  @media (prefers-reduced-motion: reduce) { .fill { transition: none; } .spinner { animation: none; } }
`;
