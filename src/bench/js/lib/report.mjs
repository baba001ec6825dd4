// The run's figures as a Markdown table and an SVG plot (no plotting package: the SVG is written
// here, so the report works offline and adds no dependency).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const COLORS = ['#1b6ac9', '#d1495b', '#2e9e57', '#e08e0b', '#7b4bb7', '#444444', '#17a2b8', '#b5651d'];
const f1 = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
const f0 = (v) => (v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en'));
const kib = (v) => (v === null || v === undefined ? '–' : (v / 1024).toFixed(1));

export function table(all) {
  const lines = [
    '| system | phase | deliveries/s | p50 ms | p99 ms | p999 ms | server CPU-s per 1M | generator CPU | lost / repeated / closed |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const run of all.runs) {
    for (const p of run.phases) {
      lines.push(
        `| ${run.system} | ${p.phase} | ${f0(p.perSecond)} | ${f1(p.p50)} | ${f1(p.p99)} | ${f1(p.p999)} | ` +
          `${f1(p.cpuPerMillion)} | ${Math.round(p.generatorCpu * 100)}% | ${p.lost} / ${p.repeated} / ${p.closedEarly} |`,
      );
    }
  }
  lines.push('', '| system | idle connections | heap after full GC per connection | resident per connection |', '|---|---:|---:|---:|');
  for (const run of all.runs) {
    for (const m of run.memory) {
      lines.push(`| ${run.system} | ${f0(m.connections)} | ${kib(m.heapPerConnection)} KiB | ${kib(m.residentPerConnection)} KiB |`);
    }
  }
  const stalled = all.runs.flatMap((run) => run.phases.filter((p) => p.stalled !== undefined).map((p) => ({ run, p })));
  if (stalled.length) {
    lines.push('', '| system | phase | readers | p99 of the readers | against the run without stalled subscribers | stalled subscribers closed |', '|---|---|---:|---:|---:|---:|');
    for (const { run, p } of stalled) {
      lines.push(
        `| ${run.system} | ${p.phase} | ${f0(p.readers)} | ${f1(p.p99)} ms | ${p.p99Ratio ? p.p99Ratio.toFixed(2) + '×' : '–'} | ` +
          `${p.stalledClosed.length} of ${p.stalled} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** Two panels: p99 latency against deliveries per second, and server CPU per million deliveries. */
export function plot(all) {
  const W = 960;
  const H = 400;
  const pad = { l: 64, r: 16, t: 36, b: 52 };
  const panel = (W - 40) / 2;
  const runs = all.runs;
  const points = runs.map((run) => run.phases.filter((p) => p.stalled === undefined && p.p99 !== null));
  const maxX = nice(Math.max(1, ...points.flat().map((p) => p.perSecond)) * 1.05);
  const maxY = nice(Math.max(1, ...points.flat().map((p) => p.p99)) * 1.05);
  const x = (v) => pad.l + (v / maxX) * (panel - pad.l - pad.r);
  const y = (v) => H - pad.b - (v / maxY) * (H - pad.t - pad.b);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H + 24 * Math.ceil(runs.length / 3)}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${pad.l}" y="20" font-size="14" font-weight="bold">p99 publish-to-delivery latency against deliveries per second</text>`,
  ];
  axes(out, pad.l, panel - pad.r, pad.t, H - pad.b, maxX, maxY, x, y, 'deliveries per second', 'p99 ms');
  runs.forEach((run, i) => {
    const pts = points[i].slice().sort((a, b) => a.perSecond - b.perSecond);
    const c = COLORS[i % COLORS.length];
    if (pts.length > 1) {
      out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${x(p.perSecond).toFixed(1)},${y(p.p99).toFixed(1)}`).join(' ')}"/>`);
    }
    for (const p of pts) {
      const shape = p.phase === 'saturated' ? 'rect' : 'circle';
      const cx = x(p.perSecond);
      const cy = y(p.p99);
      out.push(
        shape === 'rect'
          ? `<rect x="${(cx - 5).toFixed(1)}" y="${(cy - 5).toFixed(1)}" width="10" height="10" fill="${c}"><title>${run.system} ${p.phase}</title></rect>`
          : `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="4.5" fill="${c}"><title>${run.system} ${p.phase}</title></circle>`,
      );
    }
  });
  out.push(`<text x="${pad.l}" y="${H - 8}" fill="#555">circles: paced phases; squares: saturated (4 posts in flight)</text>`);

  // Right panel: CPU per million deliveries in each system's paced phases (bars: the highest rate).
  const left = panel + 40;
  const bars = runs.map((run) => {
    const paced = run.phases.filter((p) => p.phase.startsWith('paced') && p.cpuPerMillion !== null);
    const top = paced.sort((a, b) => b.target - a.target)[0];
    const sat = run.phases.find((p) => p.phase === 'saturated' && p.cpuPerMillion !== null);
    return { run, top, sat };
  });
  const maxC = nice(Math.max(1, ...bars.flatMap((b) => [b.top?.cpuPerMillion ?? 0, b.sat?.cpuPerMillion ?? 0])) * 1.1);
  const cy = (v) => H - pad.b - (v / maxC) * (H - pad.t - pad.b);
  out.push(`<text x="${left + pad.l}" y="20" font-size="14" font-weight="bold">server CPU-seconds per million deliveries</text>`);
  axes(out, left + pad.l, left + panel - pad.r, pad.t, H - pad.b, null, maxC, null, cy, '', 'CPU-s');
  const slot = (panel - pad.l - pad.r) / Math.max(1, bars.length);
  bars.forEach((b, i) => {
    const c = COLORS[i % COLORS.length];
    const x0 = left + pad.l + i * slot + slot * 0.15;
    const w = slot * 0.32;
    if (b.top) {
      out.push(`<rect x="${x0.toFixed(1)}" y="${cy(b.top.cpuPerMillion).toFixed(1)}" width="${w.toFixed(1)}" height="${(H - pad.b - cy(b.top.cpuPerMillion)).toFixed(1)}" fill="${c}"><title>${b.run.system} ${b.top.phase}</title></rect>`);
      out.push(`<text x="${(x0 + w / 2).toFixed(1)}" y="${(cy(b.top.cpuPerMillion) - 4).toFixed(1)}" text-anchor="middle">${b.top.cpuPerMillion.toFixed(1)}</text>`);
    }
    if (b.sat) {
      const x1 = x0 + w + 2;
      out.push(`<rect x="${x1.toFixed(1)}" y="${cy(b.sat.cpuPerMillion).toFixed(1)}" width="${w.toFixed(1)}" height="${(H - pad.b - cy(b.sat.cpuPerMillion)).toFixed(1)}" fill="${c}" fill-opacity="0.45"><title>${b.run.system} saturated</title></rect>`);
      out.push(`<text x="${(x1 + w / 2).toFixed(1)}" y="${(cy(b.sat.cpuPerMillion) - 4).toFixed(1)}" text-anchor="middle">${b.sat.cpuPerMillion.toFixed(1)}</text>`);
    }
  });
  out.push(`<text x="${left + pad.l}" y="${H - 8}" fill="#555">solid: paced at the highest rate; light: saturated</text>`);

  runs.forEach((run, i) => {
    const lx = pad.l + (i % 3) * 300;
    const ly = H + 14 + Math.floor(i / 3) * 24;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    out.push(`<text x="${lx + 18}" y="${ly}">${escape(run.system)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function axes(out, x0, x1, y0, y1, maxX, maxY, x, y, xLabel, yLabel) {
  out.push(`<line x1="${x0}" y1="${y1}" x2="${x1}" y2="${y1}" stroke="#333"/>`);
  out.push(`<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="#333"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = (maxY / 4) * k;
    out.push(`<line x1="${x0}" y1="${y(v).toFixed(1)}" x2="${x1}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${Math.round(v).toLocaleString('en')}</text>`);
    if (maxX) {
      const u = (maxX / 4) * k;
      out.push(`<text x="${x(u).toFixed(1)}" y="${y1 + 16}" text-anchor="middle">${Math.round(u).toLocaleString('en')}</text>`);
    }
  }
  out.push(`<text x="${(x0 + x1) / 2}" y="${y1 + 32}" text-anchor="middle">${xLabel}</text>`);
  out.push(`<text x="${x0 - 48}" y="${(y0 + y1) / 2}" transform="rotate(-90 ${x0 - 48} ${(y0 + y1) / 2})" text-anchor="middle">${yLabel}</text>`);
}

/** The next round number (1, 2 or 5 times a power of ten, times 4) at or above v: even ticks. */
function nice(v) {
  const step = v / 4;
  const unit = 10 ** Math.floor(Math.log10(step));
  const m = [1, 2, 2.5, 5, 10].find((k) => k * unit >= step);
  return m * unit * 4;
}

function escape(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

export function writeReport(all, dir) {
  writeFileSync(path.join(dir, 'table.md'), table(all));
  writeFileSync(path.join(dir, 'plot.svg'), plot(all));
}
