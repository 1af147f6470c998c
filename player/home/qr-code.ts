/**
 * A QR code of the viewer link, for phones in the room. qrcode-generator
 * computes the module matrix in the page (no network, no canvas, no data:
 * URL), and it is drawn as one inline SVG path, which the pages' CSP allows.
 * The link is its accessible name, so a screen reader reads what a phone
 * would open.
 */
import { svg, type SVGTemplateResult } from 'lit';
import qrcode from 'qrcode-generator';

/** Dark modules as an SVG path, one 1×1 square each, inside a 4-module quiet zone. */
export function qrPath(text: string): { size: number; d: string } {
  // Type 0 picks the smallest version that fits; 'M' survives a scratched or glossy screen.
  const qr = qrcode(0, 'M');
  // Byte mode takes one byte per UTF-16 unit: an absolute URL is ASCII (its path percent-encoded).
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
  }
  return { size: count + quiet * 2, d };
}

export function qrCode(link: string): SVGTemplateResult {
  const ascii = new URL(link, location.href).href;
  const { size, d } = qrPath(ascii);
  return svg`<svg class="qr" role="img" aria-label=${`QR code of the viewer link: ${ascii}`} viewBox=${`0 0 ${size} ${size}`} shape-rendering="crispEdges">
    <rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path>
  </svg>`;
}
