// The mixed-load phase of `npm run bench`: closed-loop clients over keep-alive HTTP connections, each
// sending one request after the other for a fixed time, about 80 % reads (a page of notices, a budget
// check) and 20 % writes (recording a receipt). Per level of concurrency it counts what was served,
// what was refused on purpose (503 SERVICE_BUSY, after which a client waits as Retry-After says) and
// everything else, and samples the service process's resident memory.
import { readFileSync } from 'node:fs';
import http from 'node:http';

export interface LoadClient {
  /** The finance officer's token of the notice this client works on. */
  token: string;
  noticeId: string;
}

export interface LoadLevel {
  connections: number;
  seconds: number;
  /** Requests answered 2xx without GraphQL errors. */
  served: number;
  servedPerSecond: number;
  p50: number;
  p99: number;
  /** Refused on purpose: 503 with reason SERVICE_BUSY. */
  busy: number;
  /** The slowest 503 SERVICE_BUSY: the refusal must come at once. */
  busyMaxMs: number;
  /** Any other 5xx. */
  serverErrors: number;
  /** Connection errors and timeouts: no answer at all. */
  lost: number;
  /** 4xx or GraphQL errors in a 200: the benchmark's requests are all valid, so none is expected. */
  otherErrors: number;
  /** The first few unexpected answers, to tell what went wrong. */
  samples: string[];
  /** Highest VmRSS of the service process sampled during the level. */
  peakRssMiB: number;
  /** VmHWM of the service process at the end of the level: its peak since it started. */
  hwmMiB: number;
}

const NOTICE_LIST = `
  query NoticeList {
    grantNotices(first: 20) {
      totalCount
      edges { node { id reference status approvedAmount approvalPeriod { start end } recipient { ags name } } }
    }
  }`;

const BUDGET_CHECK = `
  query BudgetCheck($id: ID!) {
    grantNotice(id: $id) {
      budgetCheck { lines { category planned actual deviation withinTolerance recognised } plannedTotal actualTotal recognisedTotal excludedCount }
    }
  }`;

const RECORD = `
  mutation Record($notice: ID!, $input: ExpenditureInput!) {
    recordExpenditure(grantNoticeId: $notice, input: $input) { id }
  }`;

/** One request of the mix: 40 % notice list, 40 % budget check, 20 % a new receipt. */
function requestBody(client: LoadClient, sequence: number, tag: string): string {
  const pick = (sequence * 7 + 3) % 10;
  if (pick < 4) return JSON.stringify({ query: NOTICE_LIST });
  if (pick < 8) return JSON.stringify({ query: BUDGET_CHECK, variables: { id: client.noticeId } });
  const cents = 1_000 + ((sequence * 7919) % 500_000);
  return JSON.stringify({
    query: RECORD,
    variables: {
      notice: client.noticeId,
      input: {
        receiptNumber: `LOAD-${tag}-${sequence}`,
        invoiceDate: '2024-03-01',
        paymentDate: '2024-03-15',
        payee: `Lieferant ${sequence % 97}`,
        purpose: `Leistung ${sequence}`,
        category: 'SOFTWARE',
        amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      },
    },
  });
}

interface Answer {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

function post(agent: http.Agent, url: URL, token: string, body: string, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: response.headers['retry-after'],
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

const MiB = 2 ** 20;

/** VmRSS and VmHWM of a process, in MiB (Linux; 0 elsewhere). */
export function processMemory(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: (kib('VmRSS') * 1024) / MiB, hwm: (kib('VmHWM') * 1024) / MiB };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** `connections` clients at once for `seconds`, over as many keep-alive connections. */
export async function loadLevel(options: {
  url: string;
  pid: number;
  clients: LoadClient[];
  connections: number;
  seconds: number;
  tag: string;
}): Promise<LoadLevel> {
  const { connections, seconds } = options;
  const url = new URL('/graphql', options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies: number[] = [];
  const level: LoadLevel = {
    connections,
    seconds,
    served: 0,
    servedPerSecond: 0,
    p50: 0,
    p99: 0,
    busy: 0,
    busyMaxMs: 0,
    serverErrors: 0,
    lost: 0,
    otherErrors: 0,
    samples: [],
    peakRssMiB: processMemory(options.pid).rss,
    hwmMiB: 0,
  };
  const note = (what: string) => {
    if (level.samples.length < 5) level.samples.push(what.slice(0, 300));
  };
  const sampler = setInterval(() => {
    level.peakRssMiB = Math.max(level.peakRssMiB, processMemory(options.pid).rss);
  }, 50);
  let sequence = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, index) => {
      const client = options.clients[index % options.clients.length]!;
      while (performance.now() < until) {
        const body = requestBody(client, sequence++, options.tag);
        const sent = performance.now();
        let answer: Answer;
        try {
          answer = await post(agent, url, client.token, body, 30_000);
        } catch (error) {
          level.lost += 1;
          note(`lost: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const ms = performance.now() - sent;
        if (answer.status === 503 && answer.body.includes('"SERVICE_BUSY"')) {
          level.busy += 1;
          level.busyMaxMs = Math.max(level.busyMaxMs, ms);
          // As a well-behaved client does: wait as long as Retry-After says, without running past the level's end.
          const wait = Math.min(Number(answer.retryAfter ?? 1) * 1000, until - performance.now());
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        } else if (answer.status >= 500) {
          level.serverErrors += 1;
          note(`${answer.status}: ${answer.body}`);
        } else if (answer.status !== 200 || answer.body.includes('"errors"')) {
          level.otherErrors += 1;
          note(`${answer.status}: ${answer.body}`);
        } else {
          level.served += 1;
          latencies.push(ms);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  agent.destroy();
  const memory = processMemory(options.pid);
  latencies.sort((a, b) => a - b);
  return {
    ...level,
    servedPerSecond: level.served / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    peakRssMiB: Math.max(level.peakRssMiB, memory.rss),
    hwmMiB: memory.hwm,
  };
}

export const LOAD_TARGETS = { p99At50Ms: 500, peakMiB: 400 } as const;

/** The mixed-load figures as a Markdown table, with the targets beside them. */
export function loadTable(levels: LoadLevel[]): string {
  const header = ['connections', 'served/s', 'p50', 'p99', '503 busy', 'slowest 503', 'other 5xx', 'lost', 'other errors', 'peak RSS'];
  const rows = levels.map((level) => [
    String(level.connections),
    level.servedPerSecond.toFixed(0),
    `${level.p50.toFixed(0)} ms`,
    `${level.p99.toFixed(0)} ms` +
      (level.connections === 50 ? (level.p99 <= LOAD_TARGETS.p99At50Ms ? ' (≤ 500: yes)' : ' (≤ 500: NO)') : ''),
    String(level.busy),
    level.busy > 0 ? `${level.busyMaxMs.toFixed(0)} ms` : '–',
    String(level.serverErrors),
    String(level.lost),
    String(level.otherErrors),
    `${level.peakRssMiB.toFixed(0)} MiB` + (level.peakRssMiB <= LOAD_TARGETS.peakMiB ? ' (≤ 400: yes)' : ' (≤ 400: NO)'),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
