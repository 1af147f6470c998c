/** The inspector's hotspots: window, region (normalised 0–1) and the fields of each kind. */
import { html, type TemplateResult } from 'lit';
import { pointer } from '../../../engine/json-pointer.ts';
import type { Hotspot, Region, Story } from '../../../engine/story.ts';
import { defaultText } from '../../../engine/text.ts';
import { frameUrl, isPackaged } from '../frame-urls.ts';
import { numberField, selectField, textField, type FieldContext } from './fields.ts';
import type { ListActions } from './quiz-inspector.ts';
import './region-editor.ts';

const KINDS = [['coupon', 'coupon'], ['link', 'link'], ['ar', 'AR try-on'], ['seek', 'seek'], ['choice', 'pick an option']] as const;

export function hotspotsSection(ctx: FieldContext, story: Story, nodeId: string, act: ListActions): TemplateResult {
  const hotspots = story.nodes[nodeId]?.hotspots ?? [];
  const src = story.nodes[nodeId]?.media?.src;
  return html`<fieldset class="hotspots"><legend>Hotspots</legend>
    ${hotspots.map((h, i) => {
      const at = (...t: Array<string | number>) => pointer('nodes', nodeId, 'hotspots', i, ...t);
      return html`<div class="hotspot-block">
        <div class="row">
          ${textField(ctx, 'Hotspot id', at('id'), h.id)}
          ${selectField(ctx, 'Kind', at('kind'), h.kind, KINDS)}
          ${textField(ctx, 'Label', at('label'), h.label, { optional: true })}
        </div>
        <div class="row">
          ${numberField(ctx, 'From (s)', at('from'), h.from)}
          ${numberField(ctx, 'To (s)', at('to'), h.to)}
        </div>
        <branchcast-region-editor .frame=${isPackaged(src) ? frameUrl(src, h.from, 640) : null} .region=${h.region}
          .label=${`Region of hotspot ${h.id} on the frame at ${h.from} s`}
          @region-change=${(e: CustomEvent<Region>) => ctx.set(at('region'), e.detail)}></branchcast-region-editor>
        <div class="row region">
          ${numberField(ctx, 'x', at('region', 'x'), h.region.x)}
          ${numberField(ctx, 'y', at('region', 'y'), h.region.y)}
          ${numberField(ctx, 'width', at('region', 'w'), h.region.w)}
          ${numberField(ctx, 'height', at('region', 'h'), h.region.h)}
        </div>
        ${kindFields(ctx, story, nodeId, h, at)}
        <button type="button" class="remove" @click=${() => act.remove(i)}>Remove hotspot ${h.id}</button>
      </div>`;
    })}
    <button type="button" class="add-hotspot" @click=${act.add}>Add hotspot</button>
  </fieldset>`;
}

function kindFields(ctx: FieldContext, story: Story, nodeId: string, h: Hotspot, at: (...t: Array<string | number>) => string): TemplateResult {
  switch (h.kind) {
    case 'coupon':
      return html`<div class="row">${textField(ctx, 'Campaign', at('campaign'), h.campaign)}${numberField(ctx, 'Limit', at('limit'), h.limit, { optional: true, step: 1 })}${textField(ctx, 'Offer', at('offer'), h.offer, { optional: true })}</div>`;
    case 'link':
      return textField(ctx, 'URL (https)', at('url'), h.url);
    case 'ar':
      return textField(ctx, 'Overlay image', at('overlay'), h.overlay);
    case 'seek':
      return numberField(ctx, 'Seek to (s)', at('seekTo'), h.seekTo);
    case 'choice':
      return selectField(ctx, 'Option', at('option'), h.option, (story.nodes[nodeId]?.choice?.options ?? []).map((o) => [o.id, defaultText(o.label, story)] as const));
  }
}
