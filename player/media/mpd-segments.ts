/**
 * The first segment URLs of a DASH manifest (init + the first `count` media
 * segments of every representation), for warming the HTTP cache before a
 * branch is chosen. Handles SegmentTemplate with $RepresentationID$ and
 * $Number$ (with an optional %0Nd width), which is what ffmpeg's dash muxer
 * writes. Regex, not DOMParser: pure, and runs in Node tests.
 */

export function firstSegmentUrls(mpd: string, manifestUrl: string, count = 1): string[] {
  const base = manifestUrl.slice(0, manifestUrl.lastIndexOf('/') + 1);
  const urls: string[] = [];
  const reps = [...mpd.matchAll(/<Representation\b[^>]*?\bid="([^"]+)"[^>]*>([\s\S]*?)<\/Representation>/g)];
  const outerTemplate = /<SegmentTemplate\b[^>]*>/.exec(mpd)?.[0];
  for (const [, id = '', body = ''] of reps) {
    const template = /<SegmentTemplate\b[^>]*>/.exec(body)?.[0] ?? outerTemplate;
    if (!template) continue;
    const init = attr(template, 'initialization');
    const media = attr(template, 'media');
    const start = Number(attr(template, 'startNumber') ?? '1');
    if (init) urls.push(base + fill(init, id, start));
    if (media) for (let n = start; n < start + count; n++) urls.push(base + fill(media, id, n));
  }
  return [...new Set(urls)];
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

function fill(template: string, id: string, n: number): string {
  return template
    .replace(/\$RepresentationID\$/g, id)
    .replace(/\$Number(?:%0(\d+)d)?\$/g, (_m, width?: string) => String(n).padStart(width ? Number(width) : 0, '0'))
    .replace(/\$\$/g, '$');
}
