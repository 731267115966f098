// The calendar feed over HTTP on the demonstration data: a secret address per user, the Fristen of the
// user's scope as all-day iCalendar events with stable UIDs, and 404 once the address is revoked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { rememberUser } from '../../src/services/users.js';
import { postGraphQL, testConfig } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-calendar-'));
const PUBLIC_URL = 'https://foerder.example';
let service: RunningService;
/** The service's log lines: the request log must not keep a feed's key. */
const log: string[] = [];
const notices: Record<string, string> = {};
/** The payments of TFM-EGOV-2020-0002 by the end of their Verwendungsfrist. */
const payments: Record<string, string> = {};

const token = (request: LocalTokenRequest) => signLocalToken(path.join(tempDir, 'auth-secret'), request);

async function must<T>(query: string, bearer: string): Promise<T> {
  const response = await postGraphQL<T>(service.url, query, undefined, bearer);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

const createFeed = async (bearer: string) =>
  (await must<{ createCalendarFeed: { path: string } }>('mutation { createCalendarFeed { path } }', bearer)).createCalendarFeed.path;

interface CalendarEvent {
  uid: string;
  start: string;
  summary: string;
  description: string;
  url: string;
}

/** The events of an iCalendar text: folded lines joined (RFC 5545, 3.1), escapes undone. */
function eventsOf(text: string): CalendarEvent[] {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const unescape = (value: string) => value.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
  const events: CalendarEvent[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push({
        uid: current!.UID!,
        start: current!['DTSTART;VALUE=DATE']!,
        summary: current!.SUMMARY!,
        description: current!.DESCRIPTION!,
        url: current!['URL;VALUE=URI']!,
      });
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = unescape(line.slice(colon + 1));
    }
  }
  return events;
}

async function fetchFeed(feedPath: string) {
  const response = await fetch(`${service.url}${feedPath}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

beforeAll(async () => {
  service = await startService(
    { ...testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), publicUrl: PUBLIC_URL },
    pino({ level: 'info' }, { write: (line: string) => void log.push(line) }),
  );
  const auditor = await token({ role: 'AUDITOR', subject: 'setup-auditor' });
  const data = await must<{
    grantNotices: { edges: { node: { id: string; reference: string } }[] };
    deadlines: { kind: string; dueOn: string; paymentId: string | null }[];
  }>('{ grantNotices(first: 10) { edges { node { id reference } } } deadlines { kind dueOn paymentId } }', auditor);
  for (const { node } of data.grantNotices.edges) notices[node.reference] = node.id;
  for (const deadline of data.deadlines) if (deadline.paymentId) payments[deadline.dueOn] = deadline.paymentId;
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('the calendar feed', () => {
  it('gives the auditor every Frist of the demonstration grants as all-day events, overdue ones included', async () => {
    const feedPath = await createFeed(await token({ role: 'AUDITOR', subject: 'pruefung' }));
    expect(feedPath).toMatch(/^\/kalender\/[\w-]{43}\.ics$/);
    const feed = await fetchFeed(feedPath);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    expect(feed.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feed.text).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(feed.text).toContain('\r\nX-WR-CALNAME:Fristen im Förderregister\r\n');
    const uhk = notices['TFM-EGOV-2020-0002']!;
    const kyf = notices['TFM-EGOV-2020-0001']!;
    // As Query.deadlines answers (test/api/deadlines.test.ts): the money of the two payments of the
    // Unstrut-Hainich-Kreis not used in time, 9,628.00 and 71,500.00, and the two proofs of use.
    expect(eventsOf(feed.text)).toEqual([
      {
        uid: `spend-deadline.${uhk}.${payments['2020-05-02']}@foerderregister`,
        start: '20200502',
        summary: 'Verwendungsfrist einer Auszahlung endet: TFM-EGOV-2020-0002',
        description: [
          'Frist: Verwendungsfrist einer Auszahlung',
          'Zuwendungsbescheid: TFM-EGOV-2020-0002',
          'Fällig am: 02.05.2020 (überfällig)',
          'Noch nicht verwendet: 9.628,00 €',
          `Zum Bescheid: ${PUBLIC_URL}/bescheide/${uhk}`,
        ].join('\n'),
        url: `${PUBLIC_URL}/bescheide/${uhk}`,
      },
      {
        uid: `spend-deadline.${uhk}.${payments['2020-11-01']}@foerderregister`,
        start: '20201101',
        summary: 'Verwendungsfrist einer Auszahlung endet: TFM-EGOV-2020-0002',
        description: [
          'Frist: Verwendungsfrist einer Auszahlung',
          'Zuwendungsbescheid: TFM-EGOV-2020-0002',
          'Fällig am: 01.11.2020 (überfällig)',
          'Noch nicht verwendet: 71.500,00 €',
          `Zum Bescheid: ${PUBLIC_URL}/bescheide/${uhk}`,
        ].join('\n'),
        url: `${PUBLIC_URL}/bescheide/${uhk}`,
      },
      {
        uid: `proof-of-use.${uhk}@foerderregister`,
        start: '20210630',
        summary: 'Verwendungsnachweis fällig: TFM-EGOV-2020-0002',
        description: [
          'Frist: Verwendungsnachweis',
          'Zuwendungsbescheid: TFM-EGOV-2020-0002',
          'Fällig am: 30.06.2021 (überfällig)',
          `Zum Bescheid: ${PUBLIC_URL}/bescheide/${uhk}`,
        ].join('\n'),
        url: `${PUBLIC_URL}/bescheide/${uhk}`,
      },
      {
        uid: `proof-of-use.${kyf}@foerderregister`,
        start: '20220630',
        summary: 'Verwendungsnachweis fällig: TFM-EGOV-2020-0001',
        description: [
          'Frist: Verwendungsnachweis',
          'Zuwendungsbescheid: TFM-EGOV-2020-0001',
          'Fällig am: 30.06.2022 (überfällig)',
          `Zum Bescheid: ${PUBLIC_URL}/bescheide/${kyf}`,
        ].join('\n'),
        url: `${PUBLIC_URL}/bescheide/${kyf}`,
      },
    ]);
    // Read again, the events keep their UIDs: a client updates them instead of adding them twice.
    expect(eventsOf((await fetchFeed(feedPath)).text).map((event) => event.uid)).toEqual(eventsOf(feed.text).map((event) => event.uid));
  });

  it('gives a finance officer the Fristen of their own notices only', async () => {
    const officer = await createFeed(await token({ role: 'FINANCE_OFFICER', subject: 'finanzen-kyf', recipients: ['16065'] }));
    expect(eventsOf((await fetchFeed(officer)).text).map((event) => [event.start, event.summary])).toEqual([
      ['20220630', 'Verwendungsnachweis fällig: TFM-EGOV-2020-0001'],
    ]);
    const other = await createFeed(await token({ role: 'FINANCE_OFFICER', subject: 'finanzen-wak', recipients: ['16063'] }));
    const empty = await fetchFeed(other);
    expect(empty.status).toBe(200);
    expect(eventsOf(empty.text)).toEqual([]);
  });

  it("follows its owner's rights as the next sign-in names them", async () => {
    const feed = await createFeed(await token({ role: 'AUDITOR', subject: 'wechselt-die-rolle' }));
    expect(eventsOf((await fetchFeed(feed)).text)).toHaveLength(4);
    // Signed in again, now as the finance officer of the Kyffhäuserkreis: the feed reaches no further.
    await rememberUser(
      service.orm.em.fork(),
      { subject: 'wechselt-die-rolle', name: 'Neu', role: 'FINANCE_OFFICER', recipientAgs: ['16065'], cooperationId: null },
      new Date(),
    );
    expect(eventsOf((await fetchFeed(feed)).text).map((event) => event.summary)).toEqual([
      'Verwendungsnachweis fällig: TFM-EGOV-2020-0001',
    ]);
  });

  it('answers 404 without a word for a revoked, replaced or unknown address', async () => {
    const bearer = await token({ role: 'FINANCE_OFFICER', subject: 'finanzen-widerruf', recipients: ['16065'] });
    const first = await createFeed(bearer);
    expect((await fetchFeed(first)).status).toBe(200);
    // A new address replaces the old one.
    const second = await createFeed(bearer);
    expect(second).not.toBe(first);
    expect(await fetchFeed(first)).toEqual({ status: 404, type: null, text: '' });
    expect((await fetchFeed(second)).status).toBe(200);
    expect(await must<{ revokeCalendarFeed: boolean }>('mutation { revokeCalendarFeed }', bearer)).toEqual({ revokeCalendarFeed: true });
    expect(await fetchFeed(second)).toEqual({ status: 404, type: null, text: '' });
    expect(await must<{ revokeCalendarFeed: boolean }>('mutation { revokeCalendarFeed }', bearer)).toEqual({ revokeCalendarFeed: false });
    for (const unknown of ['/kalender/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', '/kalender/kurz.ics', '/kalender/x'])
      expect(await fetchFeed(unknown)).toEqual({ status: 404, type: null, text: '' });
    // The request log names the feed without its key.
    const key = second.slice('/kalender/'.length, -'.ics'.length);
    expect(log.filter((line) => line.includes('"url":"/kalender/…"')).length).toBeGreaterThan(0);
    expect(log.filter((line) => line.includes(key))).toEqual([]);
  });
});
