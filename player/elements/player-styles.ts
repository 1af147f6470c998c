/** Styles shared by <branchcast-player> and <branchcast-console>. */
import { css } from 'lit';

export const playerStyles = css`
  :host { display: block; color: #e8ebf2; font: 15px/1.4 system-ui, sans-serif; --accent: #ffcc33; }
  .stage { position: relative; width: 100%; aspect-ratio: 16 / 9; background: #000; overflow: hidden; border-radius: 8px; }
  .videos, video.media { position: absolute; inset: 0; width: 100%; height: 100%; }
  video.media { object-fit: contain; background: transparent; }
  /* Hidden standby stays rendered (opacity, not display:none) so its first frame is decoded before the swap. */
  video.media.standby { opacity: 0; pointer-events: none; }
  video.media.active { opacity: 1; z-index: 1; }
  .layer { position: absolute; inset: 0; z-index: 2; pointer-events: none; }
  .layer > * { pointer-events: auto; }
  button { font: inherit; color: inherit; cursor: pointer; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  .badges { position: absolute; top: 8px; left: 8px; display: flex; gap: 6px; z-index: 5; }
  .badge { background: #000a; padding: 2px 8px; border-radius: 10px; font-size: 12px; }
  .badge.conn.open { color: #5f5; } .badge.conn.reconnecting, .badge.conn.connecting { color: #fc3; } .badge.conn.failed { color: #f66; }
  .panel { position: absolute; background: #0b0d12e6; border: 1px solid #333a; border-radius: 10px; padding: 10px 12px; z-index: 4; }
  .panel h2 { margin: 0 0 8px; font-size: 16px; display: flex; justify-content: space-between; gap: 12px; }
  .panel.vote { left: 50%; bottom: 12px; transform: translateX(-50%); min-width: 60%; }
  .panel.quiz { right: 12px; top: 40px; max-width: 40%; }
  .options { display: flex; gap: 8px; flex-wrap: wrap; }
  .option { position: relative; flex: 1 1 0; min-width: 110px; padding: 10px 12px; background: #1d2230; border: 2px solid #39415a; border-radius: 8px; text-align: left; overflow: hidden; display: flex; justify-content: space-between; gap: 8px; }
  .option .bar { position: absolute; inset: 0 auto 0 0; background: #3b6fd955; transition: width .3s; }
  .option .label, .option .count { position: relative; }
  .option.mine { border-color: var(--accent); } .option.winner { border-color: #5f5; }
  .option:disabled { cursor: default; opacity: .9; }
  .countdown { font-weight: normal; color: #bbb; }
  .result { margin: 8px 0 0; display: flex; justify-content: space-between; }
  .close { background: none; border: 0; font-size: 20px; }
  .hotspots { position: absolute; inset: 0; z-index: 3; pointer-events: none; }
  .hotspot { position: absolute; pointer-events: auto; background: #ffcc3322; border: 2px dashed var(--accent); border-radius: 8px; color: #fff; font-size: 12px; display: flex; align-items: flex-end; justify-content: center; padding: 2px; }
  .hotspot span { background: #000b; border-radius: 4px; padding: 0 4px; }
  .danmaku { position: absolute; inset: 0; z-index: 3; pointer-events: none; overflow: hidden; }
  .danmaku .comment { position: absolute; left: 100%; white-space: nowrap; font-size: 20px; font-weight: 600; text-shadow: 0 0 3px #000, 0 0 2px #000; animation: fly 6s linear forwards; }
  @keyframes fly { from { transform: translateX(0); } to { transform: translateX(calc(-100cqw - 100%)); } }
  .stage { container-type: inline-size; }
  .error-panel { position: absolute; inset: 0; z-index: 10; background: #000d; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; }
  .action { padding: 8px 16px; background: var(--accent); color: #000; border: 0; border-radius: 6px; }
  .toast { position: absolute; left: 50%; top: 40%; transform: translate(-50%, -50%); background: #0b0d12f2; border: 2px solid var(--accent); border-radius: 10px; padding: 14px 18px; z-index: 6; text-align: center; }
  .toast code { font-size: 22px; letter-spacing: 2px; color: var(--accent); }
  .ar { position: absolute; inset: 0; z-index: 7; background: #000; }
  .ar video, .ar img.overlay { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); max-width: 100%; max-height: 100%; }
  .ar img.overlay { width: 40%; top: 35%; }
  .ar .close { position: absolute; right: 8px; top: 8px; z-index: 2; background: #000a; border-radius: 50%; width: 36px; height: 36px; }
  .ending { position: absolute; left: 50%; top: 12px; transform: translateX(-50%); z-index: 4; background: #000a; padding: 4px 12px; border-radius: 6px; }
  form.comment { display: flex; gap: 8px; margin-top: 8px; }
  form.comment input { flex: 1; padding: 8px; background: #1d2230; color: inherit; border: 1px solid #39415a; border-radius: 6px; }
  form.comment button, .tap { padding: 8px 14px; background: #2c3550; border: 1px solid #39415a; border-radius: 6px; }
  .score { margin-left: auto; font-size: 13px; color: #bbb; }
  /* Words a screen reader needs and the eye does not (": 3 votes", "correct"): part of the control's name, so its visible text stays inside it. */
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  /* Viewers who ask for less motion get comments that stay put (fanned out by lane) and bars that jump. */
  @media (prefers-reduced-motion: reduce) {
    .danmaku .comment { animation: none; left: auto; right: 12px; }
    .option .bar { transition: none; }
  }
  /*
   * Phones (390 px wide: the video is about 220 px tall). Panels laid over the
   * picture would hide it and each other, so the layer becomes a one-column
   * grid below which the stage grows: row 1 is the picture's size (held by
   * ::before), and what belongs on the picture (badges, danmaku, hotspots,
   * toasts, errors, solo cards) is absolutely placed in row 1's grid area,
   * which is then its containing block; the vote and the quizzes flow into
   * the rows below. Controls get 44 px targets (WCAG 2.5.5) and 16 px text
   * fields (smaller ones make mobile Safari zoom in on focus).
   */
  @media (max-width: 600px) {
    .stage { aspect-ratio: auto; background: none; border-radius: 0; overflow: visible; }
    .videos { inset: 0 0 auto 0; height: auto; aspect-ratio: 16 / 9; background: #000; border-radius: 8px; overflow: hidden; }
    .layer { position: relative; inset: auto; display: grid; grid-template-columns: 100%; row-gap: 8px; }
    .layer::before { content: ''; grid-area: 1 / 1 / 2 / 2; aspect-ratio: 16 / 9; }
    .layer > * { grid-area: 1 / 1 / 2 / 2; } /* all four lines: an abspos item's auto line is the container's edge */
    .layer > .panel { grid-area: auto; position: static; transform: none; min-width: 0; max-width: none; }
    .option { min-height: 44px; min-width: 0; align-items: center; }
    .close { min-width: 44px; min-height: 44px; }
    .danmaku .comment { font-size: 14px; }
    form.comment { flex-wrap: wrap; }
    form.comment input { flex: 1 1 160px; min-width: 0; min-height: 44px; font-size: 16px; box-sizing: border-box; }
    form.comment button, .tap { min-height: 44px; min-width: 44px; }
    /* Captions rise above a vote panel laid over the picture; here none is, and raised they would meet the menu. */
    .layer > .captions.raised { bottom: 16px; }
    .layer > .captions-menu select { min-height: 44px; }
  }
`;
