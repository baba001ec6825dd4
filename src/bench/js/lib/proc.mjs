// What a server process costs, read from /proc (Linux) and, for a JVM, from jcmd.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** Resident memory in bytes. */
export function residentBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

/** Live Java heap in bytes after a full collection, with the JDK's jcmd. */
export function javaHeapAfterGc(pid) {
  execFileSync('jcmd', [String(pid), 'GC.run'], { timeout: 60_000 });
  const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { timeout: 60_000 }).toString();
  // G1 reports its heap in one line; the generational collectors one line per generation.
  const g1 = /garbage-first heap\s+total (?:reserved )?\d+K, (?:committed \d+K, )?used (\d+)K/.exec(info);
  if (g1) return Number(g1[1]) * 1024;
  let used = 0;
  for (const m of info.matchAll(/^ ?(?:PSYoungGen|ParOldGen|def new generation|tenured generation)\s+total \d+K, used (\d+)K/gm)) {
    used += Number(m[1]);
  }
  if (used === 0) throw new Error(`jcmd GC.heap_info: no heap size in\n${info}`);
  return used * 1024;
}

/** The Java version a JVM runs, e.g. "17.0.15". */
export function javaVersion(pid) {
  const out = execFileSync('jcmd', [String(pid), 'VM.version'], { timeout: 60_000 }).toString();
  const m = /^JDK (\d[\w.+-]*)/m.exec(out);
  return m ? m[1] : 'unknown';
}

/** The JVM's live objects by class (jcmd GC.class_histogram, which collects first): the top lines. */
export function javaHistogram(pid, lines = 40) {
  const out = execFileSync('jcmd', [String(pid), 'GC.class_histogram'], {
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
  return out.split('\n').slice(0, lines + 3).join('\n');
}

/** Open file descriptors of the process (its sockets among them). */
export function openFiles(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}
