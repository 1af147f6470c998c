import { describe, expect, it } from 'vitest';
import { MetricDefinitionError } from './exposition-format.ts';
import { lintExposition } from './lint-exposition.ts';
import { exponentialBuckets } from './histogram.ts';
import { createMetricRegistry } from './metric-registry.ts';

describe('metric registry', () => {
  it('renders counters and gauges with HELP and TYPE, unlabelled ones from the start', () => {
    const registry = createMetricRegistry();
    const frames = registry.counter({ name: 'bc_frames_total', help: 'Frames received.' });
    const conns = registry.gauge({ name: 'bc_connections', help: 'Open connections.' });
    expect(registry.render()).toBe('# HELP bc_frames_total Frames received.\n# TYPE bc_frames_total counter\nbc_frames_total 0\n# HELP bc_connections Open connections.\n# TYPE bc_connections gauge\nbc_connections 0\n');
    frames.inc();
    frames.inc(2.5);
    conns.set(10);
    conns.inc();
    conns.dec(3);
    expect(registry.render()).toContain('bc_frames_total 3.5\n');
    expect(registry.render()).toContain('bc_connections 8\n');
    expect(() => frames.inc(-1)).toThrow(RangeError);
    expect(() => frames.inc(Number.NaN)).toThrow(RangeError);
    expect(lintExposition(registry.render())).toEqual([]);
  });

  it('keeps one series per label set, in label-name order, and can drop one', () => {
    const registry = createMetricRegistry();
    const messages = registry.counter({ name: 'bc_messages_total', help: 'Messages.', labelNames: ['direction', 'type'] });
    messages.labels({ type: 'vote', direction: 'in' }).inc();
    messages.labels({ direction: 'in', type: 'vote' }).inc();
    messages.labels({ direction: 'out', type: 'tally' }).inc(5);
    const text = registry.render();
    expect(text).toContain('bc_messages_total{direction="in",type="vote"} 2\n');
    expect(text).toContain('bc_messages_total{direction="out",type="tally"} 5\n');
    messages.remove({ direction: 'out', type: 'tally' });
    expect(registry.render()).not.toContain('tally');
    expect(() => messages.labels({ direction: 'in' } as { direction: string; type: string })).toThrow(MetricDefinitionError);
    expect(() => messages.labels({ direction: 'in', type: 'v', extra: 'x' } as { direction: string; type: string })).toThrow(MetricDefinitionError);
  });

  it('escapes label values and help text', () => {
    const registry = createMetricRegistry();
    const g = registry.gauge({ name: 'bc_escape', help: 'Back\\slash and\nnewline.', labelNames: ['room'] });
    g.labels({ room: 'a"b\\c\nd' }).set(1);
    const text = registry.render();
    expect(text).toContain('# HELP bc_escape Back\\\\slash and\\nnewline.\n');
    expect(text).toContain('bc_escape{room="a\\"b\\\\c\\nd"} 1\n');
    expect(lintExposition(text)).toEqual([]);
  });

  it('renders histograms with cumulative buckets, +Inf, _sum and _count', () => {
    const registry = createMetricRegistry();
    const latency = registry.histogram({ name: 'bc_fsync_seconds', help: 'fsync latency.', buckets: [0.125, 0.25, 0.5] });
    // Binary fractions, so the expected sum is exact.
    for (const v of [0.0625, 0.125, 0.1875, 0.375, 0.75, 2, Number.NaN]) latency.observe(v);
    const text = registry.render();
    expect(text).toContain(
      [
        '# TYPE bc_fsync_seconds histogram',
        'bc_fsync_seconds_bucket{le="0.125"} 2',
        'bc_fsync_seconds_bucket{le="0.25"} 3',
        'bc_fsync_seconds_bucket{le="0.5"} 4',
        'bc_fsync_seconds_bucket{le="+Inf"} 6',
        'bc_fsync_seconds_sum 3.5',
        'bc_fsync_seconds_count 6',
      ].join('\n'),
    );
    expect(lintExposition(text)).toEqual([]);
  });

  it('renders labelled histograms with le last, and only used series', () => {
    const registry = createMetricRegistry();
    const commands = registry.histogram({ name: 'bc_command_seconds', help: 'Command latency.', labelNames: ['command'], buckets: exponentialBuckets(0.001, 10, 3) });
    expect(registry.render()).toBe('# HELP bc_command_seconds Command latency.\n# TYPE bc_command_seconds histogram\n');
    commands.labels({ command: 'vote' }).observe(0.02);
    commands.labels({ command: 'play' }).observe(1);
    const text = registry.render();
    expect(text).toContain('bc_command_seconds_bucket{command="vote",le="0.1"} 1\n');
    expect(text).toContain('bc_command_seconds_bucket{command="play",le="+Inf"} 1\n');
    expect(text).toContain('bc_command_seconds_count{command="play"} 1\n');
    expect(lintExposition(text)).toEqual([]);
  });

  it('reads callback gauges at render time and survives a throwing callback', () => {
    const registry = createMetricRegistry();
    let rooms = 3;
    registry.callbackGauge({ name: 'bc_rooms', help: 'Open rooms.', collect: () => rooms });
    registry.callbackGauge({
      name: 'bc_viewers',
      help: 'Viewers per room.',
      labelNames: ['room'],
      collect: () => [{ labels: { room: 'r1' }, value: 2 }, { labels: { room: 'r2' }, value: Infinity }],
    });
    registry.callbackGauge({ name: 'bc_broken', help: 'Throws.', collect: () => { throw new Error('boom'); } });
    expect(registry.render()).toContain('bc_rooms 3\n');
    rooms = 4;
    const text = registry.render();
    expect(text).toContain('bc_rooms 4\n');
    expect(text).toContain('bc_viewers{room="r1"} 2\nbc_viewers{room="r2"} +Inf\n');
    expect(text).toContain('# TYPE bc_broken gauge\n');
    expect(lintExposition(text)).toEqual([]);
  });

  it('refuses definitions Prometheus would reject', () => {
    const registry = createMetricRegistry();
    registry.counter({ name: 'bc_once_total', help: 'x' });
    expect(() => registry.counter({ name: 'bc_once_total', help: 'x' })).toThrow(MetricDefinitionError);
    expect(() => registry.gauge({ name: '1bad', help: 'x' })).toThrow(MetricDefinitionError);
    expect(() => registry.gauge({ name: 'bc-dash', help: 'x' })).toThrow(MetricDefinitionError);
    expect(() => registry.gauge({ name: 'bc_l', help: 'x', labelNames: ['__reserved'] })).toThrow(MetricDefinitionError);
    expect(() => registry.gauge({ name: 'bc_l2', help: 'x', labelNames: ['a', 'a'] })).toThrow(MetricDefinitionError);
    expect(() => registry.histogram({ name: 'bc_h', help: 'x', labelNames: ['le'], buckets: [1] })).toThrow(MetricDefinitionError);
    expect(() => registry.histogram({ name: 'bc_h2', help: 'x', buckets: [1, 1] })).toThrow(MetricDefinitionError);
    expect(() => registry.histogram({ name: 'bc_h3', help: 'x', buckets: [2, 1] })).toThrow(MetricDefinitionError);
    expect(() => registry.histogram({ name: 'bc_h4', help: 'x', buckets: [1, Infinity] })).toThrow(MetricDefinitionError);
  });

  it('keeps registries independent', () => {
    const a = createMetricRegistry();
    const b = createMetricRegistry();
    a.counter({ name: 'bc_same_total', help: 'x' }).inc();
    b.counter({ name: 'bc_same_total', help: 'x' });
    expect(b.render()).toContain('bc_same_total 0\n');
  });
});

describe('lintExposition', () => {
  it('catches what Prometheus would reject or misread', () => {
    expect(lintExposition('# TYPE x counter\nx 1')).toContain('does not end with a line feed');
    expect(lintExposition('x 1\n# TYPE x counter\n').join()).toMatch(/before its TYPE/);
    expect(lintExposition('# TYPE x gauge\nx{a="b} 1\n').join()).toMatch(/bad labels/);
    expect(lintExposition('# TYPE x gauge\nx one\n').join()).toMatch(/bad value/);
    expect(lintExposition('# TYPE x gauge\n# TYPE y gauge\ny 1\nx 1\n').join()).toMatch(/not contiguous/);
    expect(lintExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n').join()).toMatch(/cumulative/);
    expect(lintExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_sum 1\nh_count 2\n').join()).toMatch(/\+Inf/);
  });
});
