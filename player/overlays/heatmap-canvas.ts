/**
 * Draws a quiz heatmap (docs/protocol.md: heat[option][second]) on a canvas:
 * one row per option, one column per second since the quiz opened, colour by
 * answers in that cell relative to the hottest cell.
 */
import type { QuizResults } from '../../engine/room/room-types.ts';

export function drawHeatmap(canvas: HTMLCanvasElement, results: QuizResults, labels: string[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const rows = results.heat.length;
  const cols = Math.max(10, ...results.heat.map((r) => r.length));
  const max = Math.max(1, ...results.heat.flat());
  const labelW = 90;
  const cellW = (canvas.width - labelW) / cols;
  const cellH = canvas.height / Math.max(1, rows);
  ctx.fillStyle = '#0b0d12';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < rows; r++) {
    ctx.fillStyle = '#ccc';
    ctx.fillText((labels[r] ?? `#${r}`).slice(0, 12), 4, r * cellH + cellH / 2);
    for (let c = 0; c < cols; c++) {
      const v = results.heat[r]?.[c] ?? 0;
      ctx.fillStyle = heatColour(v / max, v > 0);
      ctx.fillRect(labelW + c * cellW + 1, r * cellH + 1, Math.max(1, cellW - 2), Math.max(1, cellH - 2));
    }
  }
}

/** Dark blue (cold) through orange to yellow (hot); empty cells stay near-black. */
function heatColour(x: number, any: boolean): string {
  if (!any) return '#161a24';
  const hue = 230 - 180 * x;
  return `hsl(${hue}, 85%, ${30 + 30 * x}%)`;
}
