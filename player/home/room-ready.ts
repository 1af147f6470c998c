/**
 * The panel shown once a room exists: the host console link, the viewer link
 * with Copy (done once by itself right after creating, while the click still
 * counts as the user's gesture) and a QR code of the same link for phones.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CreatedRoom } from './create-room.ts';
import type { CopyOutcome } from './copy-link.ts';
import { qrCode } from './qr-code.ts';

export interface RoomReadyProps {
  room: CreatedRoom;
  title: string;
  copied: CopyOutcome | null;
  onCopy: () => void;
}

export function roomReady(p: RoomReadyProps): TemplateResult {
  return html`<section class="panel room" aria-labelledby="room-title" data-room=${p.room.id}>
    <div>
      <h2 id="room-title" tabindex="-1">Room ready: ${p.title}</h2>
      <p>Run the show from the host console; everyone else opens the viewer link, or scans the code with a phone.</p>
      <p><a class="button host-link" href=${p.room.hostLink} target="_blank" rel="noopener">Open the host console</a></p>
      <div class="link-row">
        <label for="viewer-link">Viewer link</label>
        <input id="viewer-link" class="viewer-link" readonly .value=${p.room.viewerLink} @focus=${(e: Event) => (e.target as HTMLInputElement).select()}>
        <button class="secondary copy" @click=${p.onCopy}>Copy link</button>
      </div>
      <p class="copy-status" role="status">${copyText(p.copied)}</p>
    </div>
    <figure class="qr-box">${qrCode(p.room.viewerLink)}<figcaption>Scan to watch on a phone</figcaption></figure>
  </section>`;
}

function copyText(outcome: CopyOutcome | null): TemplateResult | typeof nothing {
  if (outcome === 'copied') return html`Viewer link copied to the clipboard.`;
  if (outcome === 'select-and-copy') return html`The browser would not copy it: the link is selected, press Ctrl+C (⌘C on a Mac).`;
  return nothing;
}
