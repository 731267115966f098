// The deadline reminders by e-mail against an SMTP server on loopback, on the demonstration data: the
// finance officer of the Kyffhäuserkreis is reminded of its proof of use 14 and 3 days before, the
// auditor of every overdue Frist, each exactly once however often and by how many processes the run is made.
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderSettings } from '../../src/config.js';
import { ReminderSent } from '../../src/entities/index.js';
import { DEMO_USERS } from '../../src/http/web-app.js';
import type { Orm } from '../../src/orm.js';
import type { Actor } from '../../src/services/access.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { leadTimeFor, sendReminders, startReminders } from '../../src/services/reminders.js';
import { rememberUser } from '../../src/services/users.js';
import { openSecondOrm, openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const logger = pino({ level: 'silent' });
const PUBLIC_URL = 'https://foerder.example';
const OFFICER = 'finanzen@kyffhaeuserkreis.example';
const AUDITOR = 'pruefung@tfm.thueringen.example';

let smtp: TestSmtpServer;
let settings: ReminderSettings;

/** The demonstration data with the demonstration users signed in once, and two more users the reminders leave out. */
async function demoRegister(orm: Orm): Promise<Record<string, string>> {
  await seedDemoIfEmpty(orm.em.fork());
  const em = orm.em.fork();
  for (const user of DEMO_USERS) {
    const actor = await user.actor(orm);
    if (actor) await rememberUser(em, actor, new Date('2022-06-01T08:00:00Z'));
  }
  // A finance officer of the Unstrut-Hainich-Kreis without an address: the provider named none.
  const withoutAddress: Actor = {
    subject: 'ohne-adresse',
    name: 'Ohne Adresse',
    role: 'FINANCE_OFFICER',
    recipientAgs: ['16064'],
    cooperationId: null,
  };
  await rememberUser(em, withoutAddress, new Date('2022-06-01T08:00:00Z'));
  const rows = await em.getConnection().execute<{ id: string; reference: string }[]>('select id, reference from grant_notice');
  return Object.fromEntries(rows.map((row) => [row.reference, row.id]));
}

const received = () =>
  smtp.messages
    .map((message) => ({ to: message.to.join(','), subject: message.subject }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.subject.localeCompare(b.subject));

beforeAll(async () => {
  smtp = await startSmtpServer();
  settings = { smtpUrl: smtp.url, from: 'Förderregister <foerderregister@tfm.thueringen.example>', days: [14, 3], publicUrl: PUBLIC_URL };
});

afterEach(() => {
  smtp.messages.length = 0;
  smtp.refuse.clear();
});

afterAll(async () => {
  await smtp?.close();
});

describe('the lead time of a reminder', () => {
  it('is the shortest configured one the deadline is within', () => {
    expect([15, 14, 10, 4, 3, 1, 0].map((remaining) => leadTimeFor(remaining, [14, 3]))).toEqual([null, 14, 14, 14, 3, 3, 3]);
    expect(leadTimeFor(0, [])).toBeNull();
  });
});

describe('the reminders of one process', () => {
  let test: TestOrm;
  let notices: Record<string, string>;

  beforeAll(async () => {
    test = await openTestOrm();
    notices = await demoRegister(test.orm);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('sends nothing, and fails in nothing, without a mail server', async () => {
    expect(await sendReminders(test.orm, undefined, '2022-06-16', logger)).toEqual({ skipped: 'OFF', sent: 0, reminders: 0, failed: 0 });
    expect(await test.orm.em.fork().count(ReminderSent, {})).toBe(0);
    expect(smtp.messages).toEqual([]);
  });

  it('sends the finance officer and the auditor one message each, in German with the figures and the links', async () => {
    // 16.06.2022: the proof of use of TFM-EGOV-2020-0001 is due on 30.06.2022, in 14 days; the
    // Unstrut-Hainich-Kreis is overdue with 9,628.00 of its first payment (to be used by 02.05.2020,
    // 775 days before), all 71,500.00 of its second (by 01.11.2020, 592 days before) and its proof of
    // use (30.06.2021, 351 days before). The team lead, the administrator and the officer without an
    // address get nothing.
    expect(await sendReminders(test.orm, settings, '2022-06-16', logger)).toEqual({ skipped: null, sent: 2, reminders: 4, failed: 0 });
    expect(received()).toEqual([
      { to: OFFICER, subject: 'Frist in 14 Tagen: Verwendungsnachweis – TFM-EGOV-2020-0001' },
      { to: AUDITOR, subject: '3 Fristen überfällig: Verwendungsfrist einer Auszahlung, Verwendungsnachweis – TFM-EGOV-2020-0002' },
    ]);
    const officer = smtp.messages.find((message) => message.to[0] === OFFICER)!;
    expect(officer.from).toBe('foerderregister@tfm.thueringen.example');
    expect(officer.headers.from).toBe('Förderregister <foerderregister@tfm.thueringen.example>');
    expect(officer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(officer.text).toBe(
      [
        'Guten Tag,',
        '',
        'eine Frist im Förderregister ist in 14 Tagen fällig:',
        '',
        'Frist: Verwendungsnachweis',
        'Zuwendungsbescheid: TFM-EGOV-2020-0001',
        'Fällig am: 30.06.2022 (in 14 Tagen)',
        `Zum Bescheid: ${PUBLIC_URL}/bescheide/${notices['TFM-EGOV-2020-0001']}`,
        '',
        'Diese Nachricht hat das Förderregister automatisch gesendet, zu jeder Frist und jedem Vorlauf nur einmal.',
        '',
      ].join('\n'),
    );
    const uhk = `${PUBLIC_URL}/bescheide/${notices['TFM-EGOV-2020-0002']}`;
    expect(smtp.messages.find((message) => message.to[0] === AUDITOR)!.text).toBe(
      [
        'Guten Tag,',
        '',
        '3 Fristen im Förderregister brauchen Ihre Aufmerksamkeit:',
        '',
        'Frist: Verwendungsfrist einer Auszahlung',
        'Zuwendungsbescheid: TFM-EGOV-2020-0002',
        'Fällig am: 02.05.2020 (seit 775 Tagen überfällig)',
        'Noch nicht verwendet: 9.628,00 €',
        `Zum Bescheid: ${uhk}`,
        '',
        'Frist: Verwendungsfrist einer Auszahlung',
        'Zuwendungsbescheid: TFM-EGOV-2020-0002',
        'Fällig am: 01.11.2020 (seit 592 Tagen überfällig)',
        'Noch nicht verwendet: 71.500,00 €',
        `Zum Bescheid: ${uhk}`,
        '',
        'Frist: Verwendungsnachweis',
        'Zuwendungsbescheid: TFM-EGOV-2020-0002',
        'Fällig am: 30.06.2021 (seit 351 Tagen überfällig)',
        `Zum Bescheid: ${uhk}`,
        '',
        'Diese Nachricht hat das Förderregister automatisch gesendet, zu jeder Frist und jedem Vorlauf nur einmal.',
        '',
      ].join('\n'),
    );
  });

  it('sends nothing more the same day, nor while the 14-day reminder stands', async () => {
    expect(await sendReminders(test.orm, settings, '2022-06-16', logger)).toEqual({ skipped: null, sent: 0, reminders: 0, failed: 0 });
    expect(await sendReminders(test.orm, settings, '2022-06-20', logger)).toEqual({ skipped: null, sent: 0, reminders: 0, failed: 0 });
    expect(smtp.messages).toEqual([]);
  });

  it('tries a message the mail server refused again at the next run, and sends it once', async () => {
    // 27.06.2022: three days before the proof of use; the officer's mailbox refuses the first time.
    smtp.refuse.add(OFFICER);
    expect(await sendReminders(test.orm, settings, '2022-06-27', logger)).toEqual({ skipped: null, sent: 0, reminders: 0, failed: 1 });
    smtp.refuse.clear();
    expect(await sendReminders(test.orm, settings, '2022-06-27', logger)).toEqual({ skipped: null, sent: 1, reminders: 1, failed: 0 });
    expect(received()).toEqual([{ to: OFFICER, subject: 'Frist in 3 Tagen: Verwendungsnachweis – TFM-EGOV-2020-0001' }]);
    expect(await sendReminders(test.orm, settings, '2022-06-28', logger)).toEqual({ skipped: null, sent: 0, reminders: 0, failed: 0 });
  });

  it('runs in the service once a day by its timer, and tells the auditor once the proof of use is overdue', async () => {
    // 29.06.2022: the day before the proof of use; its 3-day reminder went out on 27.06.2022 above.
    let today = '2022-06-29';
    const timer = startReminders(test.orm, settings, logger, { firstMs: 0, everyMs: 50, today: () => today });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages).toEqual([]);
    // 01.07.2022: overdue, and the auditor is told once, however often the timer looks.
    today = '2022-07-01';
    await expect.poll(() => smtp.messages.length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await timer.stop();
    expect(received()).toEqual([{ to: AUDITOR, subject: 'Frist überfällig: Verwendungsnachweis – TFM-EGOV-2020-0001' }]);
  });

  it('sends nothing more on the days after', async () => {
    expect(await sendReminders(test.orm, settings, '2022-07-01', logger)).toEqual({ skipped: null, sent: 0, reminders: 0, failed: 0 });
    expect(await sendReminders(test.orm, settings, '2022-07-02', logger)).toEqual({ skipped: null, sent: 0, reminders: 0, failed: 0 });
    expect(smtp.messages).toEqual([]);
    expect(await test.orm.em.fork().count(ReminderSent, {})).toBe(6);
  });
});

describe.skipIf(!usingPostgres)('the reminders of two processes on one PostgreSQL database', () => {
  let test: TestOrm;
  let second: Orm;

  beforeAll(async () => {
    test = await openTestOrm();
    second = await openSecondOrm(test);
    await demoRegister(test.orm);
  });

  afterAll(async () => {
    await second?.close(true);
    await test?.close();
  });

  it('sends each reminder once when both run at the same moment', async () => {
    // Messages and the deadlines they name, as one process sends them (above).
    for (const [today, messages, reminders] of [
      ['2022-06-16', 2, 4],
      ['2022-06-27', 1, 1],
      ['2022-07-01', 1, 1],
    ] as const) {
      const runs = await Promise.all([sendReminders(test.orm, settings, today, logger), sendReminders(second, settings, today, logger)]);
      // One run sends them all; the other found the lock taken (BUSY) or, starting after the first's
      // commit, every reminder already in reminder_sent.
      expect(runs.map((run) => run.sent).sort(), today).toEqual([0, messages]);
      expect(runs.map((run) => run.reminders).sort(), today).toEqual([0, reminders]);
      expect(runs.every((run) => run.failed === 0)).toBe(true);
      expect(smtp.messages.length, today).toBe(messages);
      smtp.messages.length = 0;
    }
    expect(await test.orm.em.fork().count(ReminderSent, {})).toBe(6);
  });
});
