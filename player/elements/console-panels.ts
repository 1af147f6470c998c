/**
 * The console's side panels that only show what the room reports: the
 * audience (STATS frames), the quizzes with their answer heatmaps (HEATMAP
 * frames, drawn by branchcast-console after render) and the push-quiz form,
 * and hotspot click-through.
 */
import { html, type TemplateResult } from 'lit';
import type { StatsMessage } from '../../engine/protocol/messages.ts';
import type { QuizView } from '../sync/room-model.ts';

export function audienceCard(stats: StatsMessage | null): TemplateResult {
  const present = stats?.present;
  return html`<section class="card audience" aria-labelledby="audience-title"><h2 id="audience-title">Audience</h2>
    <p><strong class="viewer-count">${present ?? '–'}</strong> ${present === undefined ? 'waiting for the first count…' : `connected now (this console included)`}</p>
  </section>`;
}

export interface QuizProps {
  quizzes: readonly QuizView[];
  onClose: (quiz: string) => void;
  onPush: (e: Event) => void;
}

export function quizzesCard(p: QuizProps): TemplateResult {
  return html`<section class="card quizzes" aria-labelledby="quizzes-title"><h2 id="quizzes-title">Quizzes</h2>
    ${p.quizzes.length === 0 ? html`<p class="empty">No quiz yet. The story's quizzes open on their cues; push your own below. Answers appear as a heatmap (options × seconds since opening).</p>` : ''}
    ${p.quizzes.map((q) => html`<div class="quiz-card" data-quiz=${q.quiz}>
      <div><strong>${q.prompt}</strong> ${q.closed ? html`<small>closed</small>` : html`<button @click=${() => p.onClose(q.quiz)}>Close</button>`}</div>
      <canvas class="heatmap" data-quiz=${q.quiz} width="420" height=${Math.max(60, q.options.length * 28)} role="img" aria-label=${`Answer heatmap for ${q.prompt}: options by seconds since opening`}></canvas>
    </div>`)}
    <form class="push" @submit=${p.onPush}>
      <input name="prompt" placeholder="Question" aria-label="Question" required>
      <input name="options" placeholder="Options, comma separated" aria-label="Options, comma separated" required>
      <input name="answer" type="number" min="0" placeholder="Answer #" aria-label="Correct option number (from 0; empty for a poll)">
      <input name="seconds" type="number" min="1" placeholder="Seconds" aria-label="Close after seconds">
      <button type="submit">Push quiz</button>
    </form>
  </section>`;
}

export function hotspotsCard(rows: StatsMessage['hotspots']): TemplateResult {
  return html`<section class="card hotspot-stats" aria-labelledby="hotspots-title"><h2 id="hotspots-title">Hotspots</h2>
    ${rows.length === 0 ? html`<p class="empty">No hotspot activity yet.</p>` : html`<table><thead><tr><th>hotspot</th><th>seen</th><th>clicks</th><th>CTR</th><th>claims</th></tr></thead><tbody>
      ${rows.map((h) => html`<tr data-hotspot=${h.hotspot}><td>${h.hotspot}</td><td>${h.impressions}</td><td>${h.clicks}</td><td>${h.impressions ? Math.round((h.clicks / h.impressions) * 100) : 0}%</td><td>${h.claims}</td></tr>`)}
    </tbody></table>`}
  </section>`;
}
