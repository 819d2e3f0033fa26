// Small time-series charts drawn as SVG (no library, no inline style): one line per series, the last few minutes.
import { el } from '/assets/ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 60;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** A chart of the last `capacity` values; `push(value)` adds one and redraws. */
export class Sparkline {
  constructor({ id, label, unit = '', capacity = 300, danger = false, digits = 0 }) {
    this.values = [];
    this.capacity = capacity;
    this.unit = unit;
    this.digits = digits;
    this.label = label;
    this.current = el('strong', { id: `${id}-value` }, '–');
    this.peak = el('span', {}, '');
    this.line = svg('polyline', { class: danger ? 'line danger' : 'line', points: '' });
    this.title = svg('title');
    const drawing = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img',
      'aria-labelledby': `${id}-title` });
    this.title.setAttribute('id', `${id}-title`);
    drawing.append(this.title, svg('line', { class: 'axis', x1: 0, y1: HEIGHT - 1, x2: WIDTH, y2: HEIGHT - 1 }), this.line);
    this.node = el('figure', { class: 'chart', id },
      el('figcaption', {}, el('span', {}, label), this.current), drawing, el('p', { class: 'muted small' }, this.peak));
    this.render();
  }

  push(value) {
    this.values.push(Number.isFinite(value) ? value : 0);
    if (this.values.length > this.capacity) this.values.shift();
    this.render();
  }

  format(value) {
    return `${value.toFixed(this.digits)}${this.unit}`;
  }

  render() {
    const n = this.values.length;
    const max = Math.max(1, ...this.values);
    const step = WIDTH / Math.max(1, this.capacity - 1);
    const offset = (this.capacity - n) * step;
    this.line.setAttribute('points', this.values
      .map((v, i) => `${(offset + i * step).toFixed(1)},${(HEIGHT - 2 - (v / max) * (HEIGHT - 6)).toFixed(1)}`)
      .join(' '));
    const last = n ? this.values[n - 1] : null;
    this.current.textContent = last === null ? '–' : this.format(last);
    const minutes = Math.round((n / 60) * 10) / 10;
    this.peak.textContent = n ? `peak ${this.format(Math.max(...this.values))} over ${minutes} min` : 'waiting for data';
    this.title.textContent = last === null ? `${this.label}: no data yet`
      : `${this.label}: now ${this.format(last)}, peak ${this.format(Math.max(...this.values))} over the last ${minutes} minutes`;
  }
}
