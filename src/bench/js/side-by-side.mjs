// Feedline against the servers an operator might pick instead, one after another in one run, on
// one machine, with one load generator (this process): N subscribers of one feed, posts of a fixed
// size published over HTTP, latency from publish to delivery on this process's clock.
// docs/benchmarks.md has the figures and the commands; `--help` lists the options.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { cpuSeconds, javaHeapAfterGc, javaHistogram, javaVersion, openFiles, residentBytes } from './lib/proc.mjs';
import { feedlineSse, feedlineWs, nodeWs, socketIo_ } from './lib/systems.mjs';
import { writeReport } from './lib/report.mjs';

const USAGE = `node side-by-side.mjs [options]
  --systems LIST          feedline-ws,feedline-sse,ws,socketio (default: all four)
  --feedline URL          a running Feedline node on the local profile (default http://127.0.0.1:9080)
  --feedline-pid PID      its JVM, for CPU and memory (without it neither is reported for Feedline)
  --feedline-label TEXT   added to Feedline's names (after its Java version), e.g. "async sends"
  --connections N         subscribers, 1 to 19000 (default 10000)
  --rates LIST            paced phases in deliveries per second (default 5000,10000,20000)
  --seconds S             each paced phase (default 15)
  --saturated-seconds S   a phase with 4 posts in flight, published as fast as they arrive (default 15; 0: none)
  --stalled-percent P     then a paced phase at the highest rate with P% of subscribers not reading,
                          for the systems in --stalled-systems (default 10; 0: none)
  --stalled-systems LIST  default feedline-ws
  --memory-connections N  after the phases, also measure memory with N idle connections (default 0: none)
  --size BYTES            post text size (default 200)
  --out DIR               results.json (merged with earlier runs there), benchmarks.md table, plot.svg
                          (default target/side-by-side)
  --histogram             with Feedline, write the JVM's class histogram with the subscribers connected
  --check                 exit 1 unless every subscriber that reads got every post once and in order
  --timeout-seconds S     give up after this long in all (default 1800)`;

const options = parseOptions(process.argv.slice(2));
const deadline = Date.now() + Number(options['timeout-seconds'] ?? 1800) * 1000;
setTimeout(() => {
  console.error('The run took longer than --timeout-seconds; stopping.');
  process.exit(1);
}, deadline - Date.now()).unref();

function parseOptions(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || !a.startsWith('--')) {
      console.log(USAGE);
      process.exit(a === '--help' ? 0 : 2);
    }
    if (a === '--check' || a === '--histogram') out[a.slice(2)] = true;
    else if (i + 1 < args.length) out[a.slice(2)] = args[++i];
    else {
      console.error(`Missing a value for ${a}`);
      process.exit(2);
    }
  }
  return out;
}

function number(name, fallback, min, max) {
  const value = Number(options[name] ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

const connections = number('connections', 10000, 1, 19000);
const rates = String(options.rates ?? '5000,10000,20000').split(',').map(Number);
const phaseSeconds = number('seconds', 15, 1, 600);
const saturatedSeconds = number('saturated-seconds', 15, 0, 600);
const stalledPercent = number('stalled-percent', 10, 0, 50);
const memoryConnections = number('memory-connections', 0, 0, 19000);
const size = number('size', 200, 40, 450);
const outDir = options.out ?? 'target/side-by-side';
const systems = String(options.systems ?? 'feedline-ws,feedline-sse,ws,socketio').split(',');
const stalledSystems = String(options['stalled-systems'] ?? 'feedline-ws').split(',');
const feedlineUrl = (options.feedline ?? 'http://127.0.0.1:9080').replace(/\/$/, '');
const feedlinePid = options['feedline-pid'] ? Number(options['feedline-pid']) : null;

if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(feedlineUrl)) {
  console.error('--feedline must be a loopback http:// address: this tool loads only this machine.');
  process.exit(2);
}

function makeSystem(key) {
  const parts = [feedlinePid && `Java ${javaVersion(feedlinePid).split('.')[0]}`, options['feedline-label']];
  const suffix = parts.filter(Boolean).map((p) => `, ${p}`).join('');
  switch (key) {
    case 'feedline-ws':
      return feedlineWs(feedlineUrl, feedlinePid, `Feedline WebSocket${suffix}`);
    case 'feedline-sse':
      return feedlineSse(feedlineUrl, feedlinePid, `Feedline SSE${suffix}`);
    case 'ws':
      return nodeWs();
    case 'socketio':
      return socketIo_();
    default:
      console.error(`Unknown system ${key}`);
      process.exit(2);
  }
}

/** Subscribers spread over loopback source addresses, a hundred per address. */
function localAddress(i) {
  const k = Math.floor(i / 100);
  return `127.1.${Math.floor(k / 250)}.${1 + (k % 250)}`;
}

const mib = (b) => b / 1024 / 1024;

async function memoryOf(system) {
  if (system.memory) return system.memory();
  if (!system.pid) return null;
  return { heap: javaHeapAfterGc(system.pid), rss: residentBytes(system.pid) };
}

async function connectAll(system, count, state) {
  const subs = [];
  let next = 0;
  let failed = 0;
  let firstError;
  const started = performance.now();
  async function worker() {
    while (next < count && Date.now() < deadline) {
      const i = next++;
      const sub = {
        last: 0,
        stalled: false,
        closed: false,
        code: 0,
        onPost: (seq, sentAt) => state.onPost(sub, seq, sentAt),
        onClose: (code) => {
          sub.closed = true;
          sub.code = code;
        },
      };
      try {
        await system.connect(i, localAddress(i), sub);
        subs.push(sub);
      } catch (e) {
        failed++;
        firstError ??= e;
      }
    }
  }
  await Promise.all(Array.from({ length: 64 }, worker));
  if (failed) console.error(`  ${failed} of ${count} subscribers failed to connect: ${firstError.message}`);
  return { subs, seconds: (performance.now() - started) / 1000, failed };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function until(condition, ms) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

async function runSystem(key) {
  const system = makeSystem(key);
  console.log(`\n${system.name}: ${connections} subscribers`);
  await system.start();
  const result = { key, system: system.name, connections, phases: [], memory: [] };
  let seq = 0;
  let posts = Promise.resolve();
  const phaseOf = [];
  const delivered = [];
  let phase = null;
  const state = {
    onPost(sub, s, sentAt) {
      const p = phaseOf[s];
      if (!p || sub.stalled) return;
      p.latencies.push(performance.now() - sentAt);
      delivered[s] = (delivered[s] ?? 0) + 1;
      if (s <= sub.last) p.repeated++;
      else if (s > sub.last + 1) p.lost += s - sub.last - 1;
      sub.last = s;
      p.onDelivery?.(s);
    },
  };
  try {
    const before = await memoryOf(system);
    const filesBefore = system.pid ? openFiles(system.pid) : 0;
    const { subs, seconds, failed } = await connectAll(system, connections, state);
    result.connectSeconds = seconds;
    result.connectFailed = failed;
    console.log(`  connected ${subs.length} in ${seconds.toFixed(1)} s`);
    const after = await memoryOf(system);
    if (before && after) result.memory.push(memoryRow(subs.length, before, after));
    if (system.pid && !system.memory && options.histogram) {
      // What the connections hold: the JVM's live objects by class, kept beside the results.
      mkdirSync(outDir, { recursive: true });
      const slug = system.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const file = path.join(outDir, `histogram-${slug}-${subs.length}.txt`);
      writeFileSync(file, javaHistogram(system.pid));
      console.log(`  class histogram with ${subs.length} connections: ${file}`);
    }
    const reading = () => subs.filter((s) => !s.stalled && !s.closed);

    async function measure(name, target, publishLoop) {
      const p = { name, target, latencies: [], lost: 0, repeated: 0, first: seq + 1, last: seq };
      phase = p;
      const readers = reading();
      const cpu0 = system.pid ? cpuSeconds(system.pid) : null;
      const gen0 = process.cpuUsage();
      const t0 = performance.now();
      // One request at a time: the server receives the posts in the order of their numbers.
      const publish = () => {
        const s = ++seq;
        phaseOf[s] = p;
        p.last = s;
        posts = posts.then(() => system.publish(s, size));
        return posts;
      };
      await publishLoop(publish, p, readers.length);
      // Whatever was published arrives, or the phase ends 20 s later.
      await until(() => readers.every((r) => r.closed || r.last >= p.last), 20_000);
      const wall = (performance.now() - t0) / 1000;
      const gen = process.cpuUsage(gen0);
      const sorted = Float64Array.from(p.latencies).sort();
      const deliveries = p.latencies.length;
      const missing = readers.reduce((sum, r) => sum + Math.max(0, p.last - r.last), 0);
      const row = {
        phase: name,
        target,
        posts: p.last - p.first + 1,
        deliveries,
        seconds: wall,
        perSecond: deliveries / wall,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        p999: percentile(sorted, 0.999),
        cpuPerMillion: cpu0 === null ? null : ((cpuSeconds(system.pid) - cpu0) / deliveries) * 1e6,
        generatorCpu: (gen.user + gen.system) / 1e6 / wall,
        readers: readers.length,
        lost: p.lost + missing,
        repeated: p.repeated,
        closedEarly: readers.filter((r) => r.closed).length,
      };
      if (name.startsWith('stalled')) {
        // Only the subscribers that read count; the stalled ones are measured by their closes.
        row.stalled = subs.filter((s) => s.stalled).length;
        row.stalledClosed = subs.filter((s) => s.stalled && s.closed).map((s) => s.code);
      }
      result.phases.push(row);
      const f = (v) => (v === null ? '-' : v.toFixed(1));
      console.log(
        `  ${name}: ${row.posts} posts, ${deliveries} deliveries in ${wall.toFixed(1)} s (${Math.round(row.perSecond)}/s),` +
          ` p50 ${f(row.p50)} p99 ${f(row.p99)} p999 ${f(row.p999)} ms, server CPU ${f(row.cpuPerMillion)} s/1M,` +
          ` generator ${(row.generatorCpu * 100).toFixed(0)}%, lost ${row.lost}, repeated ${row.repeated}, closed ${row.closedEarly}`,
      );
      return row;
    }

    const paced = (perSecond, seconds) => async (publish, p, readers) => {
      const postsPerSecond = perSecond / Math.max(1, readers);
      const posts = Math.max(1, Math.round(postsPerSecond * seconds));
      const interval = 1000 / postsPerSecond;
      const start = performance.now();
      const sends = [];
      for (let k = 0; k < posts && Date.now() < deadline; k++) {
        const wait = start + k * interval - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        sends.push(publish());
      }
      await Promise.all(sends);
    };

    for (const rate of rates) await measure(`paced ${rate}/s`, rate, paced(rate, phaseSeconds));

    if (saturatedSeconds > 0) {
      await measure('saturated', null, (publish, p, readers) => {
        // Up to four posts not yet read by every reader; posts go out one request at a time, so
        // the server's order is the publishing order.
        const end = performance.now() + saturatedSeconds * 1000;
        let undelivered = 0;
        let posting = false;
        return new Promise((resolve, reject) => {
          const idle = setInterval(() => {
            // A reader that closed never completes a post: stop waiting on it.
            const open = reading().length;
            if (open < readers) {
              readers = open;
              undelivered = 0;
              for (let s = p.first; s <= p.last; s++) if ((delivered[s] ?? 0) < readers) undelivered++;
            }
            pump();
          }, 200);
          const finish = (error) => {
            clearInterval(idle);
            p.onDelivery = null;
            if (error) reject(error);
            else resolve();
          };
          const pump = () => {
            if (performance.now() >= end) {
              if (!posting) finish();
              return;
            }
            if (posting || undelivered >= 4) return;
            posting = true;
            undelivered++;
            publish().then(() => {
              posting = false;
              pump();
            }, finish);
          };
          p.onDelivery = (s) => {
            if (delivered[s] === readers) {
              undelivered--;
              pump();
            }
          };
          pump();
        });
      });
    }

    if (stalledPercent > 0 && stalledSystems.includes(key)) {
      const top = Math.max(...rates);
      const every = Math.round(100 / stalledPercent);
      subs.forEach((s, i) => {
        if (i % every === 0) {
          s.stalled = true;
          s.pause();
        }
      });
      const row = await measure(`stalled ${stalledPercent}%`, top, paced(top, phaseSeconds));
      const clean = result.phases.find((r) => r.phase === `paced ${top}/s`);
      row.p99Ratio = clean && clean.p99 ? row.p99 / clean.p99 : null;
    }

    result.ok = result.phases.every((r) => r.lost === 0 && r.repeated === 0 && r.closedEarly === 0) && failed === 0;
    for (const s of subs) s.close();
    await until(() => subs.every((s) => s.closed), 10_000);

    if (memoryConnections > 0) {
      // A server may notice a closed connection only when it next writes to it (SSE): wait until
      // its open files are back near where they were, or the new connections would find it full.
      if (system.pid) await until(() => openFiles(system.pid) < filesBefore + 200, 60_000);
      const idle0 = await memoryOf(system);
      const extra = await connectAll(system, memoryConnections, state);
      const idle1 = await memoryOf(system);
      if (idle0 && idle1) result.memory.push(memoryRow(extra.subs.length, idle0, idle1));
      for (const s of extra.subs) s.close();
      await until(() => extra.subs.every((s) => s.closed), 10_000);
    }
    for (const m of result.memory) {
      console.log(
        `  memory with ${m.connections} idle connections: heap after GC ${m.heapPerConnection.toFixed(0)} B` +
          ` and resident ${m.residentPerConnection.toFixed(0)} B per connection (resident ${mib(m.residentBefore).toFixed(0)} → ${mib(m.residentAfter).toFixed(0)} MiB)`,
      );
    }
  } finally {
    await system.stop();
  }
  return result;
}

function memoryRow(count, before, after) {
  return {
    connections: count,
    heapPerConnection: (after.heap - before.heap) / count,
    residentPerConnection: (after.rss - before.rss) / count,
    residentBefore: before.rss,
    residentAfter: after.rss,
  };
}

const results = [];
let allOk = true;
for (const key of systems) {
  try {
    const r = await runSystem(key.trim());
    results.push(r);
    allOk &&= r.ok;
  } catch (e) {
    console.error(`${key}: ${e.stack || e}`);
    allOk = false;
  }
}

mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, 'results.json');
const earlier = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { runs: [] };
const merged = earlier.runs.filter((old) => !results.some((r) => r.system === old.system));
const all = {
  machine: earlier.machine ?? null,
  runs: [...merged, ...results.map((r) => ({ ...r, at: new Date().toISOString() }))],
};
writeFileSync(file, JSON.stringify(all, null, 2));
writeReport(all, outDir);
console.log(`\nWrote ${file}, ${path.join(outDir, 'table.md')} and ${path.join(outDir, 'plot.svg')}`);
if (options.check && !allOk) {
  console.error('Some subscriber missed, repeated or reordered a post, closed early, or failed to connect.');
  process.exit(1);
}
process.exit(0);
