/** The studio's styles: the player's dark theme, with contrast kept at WCAG AA. */
import { css } from 'lit';

export const studioStyles = css`
  :host { display: block; color: #e8ebf2; font: 14px/1.4 system-ui, sans-serif; --accent: #ffcc33; }
  button, input, select, textarea { font: inherit; color: inherit; background: #1d2230; border: 1px solid #4a5470; border-radius: 6px; padding: 4px 8px; }
  button { cursor: pointer; }
  button:disabled { opacity: .55; cursor: default; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  .toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 8px 0; }
  .toolbar h1 { font-size: 18px; margin: 0 12px 0 0; }
  .status.bad { color: #ff8a8a; } .status.good { color: #7fe08a; }
  .tabs { margin-left: auto; display: flex; gap: 4px; }
  .tabs [aria-selected="true"] { border-color: var(--accent); }
  .message.error { color: #ff8a8a; } .message.ok { color: #7fe08a; }
  .workspace { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 12px; }
  branchcast-story-map { height: 460px; border: 1px solid #333a4d; border-radius: 8px; margin-bottom: 8px; }
  .node-list ul { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 6px; }
  .node-item[aria-pressed="true"], .story-settings[aria-pressed="true"] { border-color: var(--accent); }
  .node-item.has-errors { border-color: #ff6b6b; }
  .kind { font-size: 11px; text-transform: uppercase; color: #b8c0d6; }
  .badge { border-radius: 8px; padding: 0 6px; margin-left: 4px; font-size: 12px; }
  .badge.error { background: #b3261e; color: #fff; } .badge.warning { background: #7a5b00; color: #fff; }
  .inspector h2 { font-size: 16px; margin: 4px 0 8px; }
  .tag.start { font-size: 11px; background: #2c6e3a; color: #fff; border-radius: 6px; padding: 0 6px; }
  fieldset { border: 1px solid #333a4d; border-radius: 8px; margin: 8px 0; padding: 8px; }
  legend { color: #b8c0d6; }
  .field { display: flex; flex-direction: column; gap: 2px; margin: 4px 0; }
  .field > label { font-size: 12px; color: #b8c0d6; }
  .field.invalid input, .field.invalid select, .field.invalid textarea { border-color: #ff6b6b; }
  .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: flex-end; }
  .row .field { flex: 1 1 90px; }
  .problems-here { margin: 2px 0; padding-left: 16px; font-size: 12px; }
  .problems-here .error, .problems .error { color: #ff8a8a; } .problems-here .warning, .problems .warning { color: #ffd27a; }
  .options { padding-left: 18px; }
  .option-row { display: flex; gap: 6px; align-items: flex-end; flex-wrap: wrap; }
  .quiz-block, .hotspot-block { border-top: 1px dashed #333a4d; padding-top: 6px; margin-top: 6px; }
  .problems ul { list-style: none; padding: 0; }
  .problem { width: 100%; text-align: left; background: none; border: 0; border-bottom: 1px solid #262c3c; border-radius: 0; }
  .problem .code { font-family: ui-monospace, monospace; font-size: 12px; }
  .problem .path { color: #b8c0d6; font-size: 12px; }
  .json { display: flex; flex-direction: column; } .json-text { min-height: 480px; font-family: ui-monospace, monospace; font-size: 12px; }
  .preview-dialog { position: fixed; inset: 4% 6%; background: #0b0d12; border: 2px solid var(--accent); border-radius: 10px; padding: 12px; overflow: auto; z-index: 10; }
  .preview-dialog header { display: flex; justify-content: space-between; align-items: center; }
  .paths { padding-left: 18px; } .paths span { color: #b8c0d6; font-size: 12px; }
  .preview-vars { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
  a { color: #8fb8ff; }
  .versions { border: 1px solid #333a4d; border-radius: 8px; padding: 8px; margin: 8px 0; }
  .versions header { display: flex; justify-content: space-between; align-items: center; }
  .version { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 2px 0; }
`;
