/** Open quizzes (story cues and teacher pushes) and, once closed, their results. */
import { html, nothing, type TemplateResult } from 'lit';
import type { QuizView } from '../sync/room-model.ts';

export interface QuizPanelProps {
  quizzes: QuizView[];
  onAnswer: (quiz: string, option: number) => void;
  onDismiss: (quiz: string) => void;
}

export function quizPanel(p: QuizPanelProps): TemplateResult | typeof nothing {
  if (p.quizzes.length === 0) return nothing;
  return html`${p.quizzes.map((q) => {
    const results = q.closed?.results;
    return html`<section class="panel quiz" role="group" aria-label=${`Quiz: ${q.prompt}`} data-quiz=${q.quiz} data-nav="row">
      <h2>${q.prompt}</h2>
      <div class="options">
        ${q.options.map((label, i) => {
          const n = results?.counts[i] ?? 0;
          const share = results?.total ? Math.round((n / results.total) * 100) : 0;
          const correct = q.closed?.answer === i;
          return html`<button class="option ${q.mine === i ? 'mine' : ''} ${correct ? 'winner' : ''}" data-index=${i}
            ?disabled=${q.mine !== undefined || !!q.closed} aria-pressed=${q.mine === i ? 'true' : 'false'}
            @click=${() => p.onAnswer(q.quiz, i)}>
            ${results ? html`<span class="bar" style="width:${share}%"></span>` : nothing}
            <span class="label">${label}</span>${results ? html`<span class="sr-only">: </span><span class="count">${share}%</span>${correct ? html`<span class="sr-only">, correct</span>` : nothing}` : nothing}
          </button>`;
        })}
      </div>
      ${q.closed
        ? html`<p class="result">${q.closed.answer === undefined ? 'Poll closed.' : q.mine === q.closed.answer ? `Correct! +${q.points}` : q.mine === undefined ? 'Time is up.' : 'Not this time.'}
            <button class="close" aria-label="Close quiz results" @click=${() => p.onDismiss(q.quiz)}>×</button></p>`
        : q.mine !== undefined ? html`<p class="result">Answer sent.</p>` : nothing}
    </section>`;
  })}`;
}
