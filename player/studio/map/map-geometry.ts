/** Sizes shared by the layout (space to reserve) and the drawing (what fills it), in map units (px at zoom 1). */
export const CARD_W = 208;
export const CARD_H = 84;
export const MISSING_W = 132;
export const MISSING_H = 34;
/** Gap between columns (ranks) and between cards of a column. */
export const RANK_GAP = 150;
export const NODE_GAP = 28;
/** The out-port: a handle on the card's right edge, centred. */
export const PORT_R = 8;
/** Room around the drawing so edges that loop below the cards stay inside the SVG. */
export const MARGIN = 60;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}
