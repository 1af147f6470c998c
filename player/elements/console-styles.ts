/** Layout of the host console. */
import { css } from 'lit';

export const consoleStyles = css`
  .console { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 16px; }
  @media (max-width: 800px) { .console { grid-template-columns: 1fr; } }
  .transport { display: flex; gap: 8px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
  .transport button, .card button, form.push button { padding: 6px 12px; background: #2c3550; border: 1px solid #39415a; border-radius: 6px; }
  .transport .seek { flex: 1; min-width: 120px; }
  .time { font-variant-numeric: tabular-nums; color: #bbb; }
  .card { background: #131722; border: 1px solid #2a3144; border-radius: 10px; padding: 10px 12px; margin-bottom: 12px; }
  .card h2 { margin: 0 0 8px; font-size: 15px; }
  .tally-row { display: grid; grid-template-columns: 110px 1fr 32px auto; gap: 8px; align-items: center; margin: 4px 0; }
  .track { height: 14px; background: #1d2230; border-radius: 7px; overflow: hidden; }
  .fill { display: block; height: 100%; background: linear-gradient(90deg, #3b6fd9, #ffcc33); transition: width .3s; }
  .n { text-align: right; font-variant-numeric: tabular-nums; }
  canvas.heatmap { width: 100%; border-radius: 6px; margin: 6px 0; }
  form.push { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
  form.push input { padding: 6px; background: #1d2230; color: inherit; border: 1px solid #39415a; border-radius: 6px; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; } td, th { text-align: left; padding: 2px 4px; }
  .message { color: #f99; }
  @media (prefers-reduced-motion: reduce) { .fill { transition: none; } }
`;
