// The receipt upload over HTTP: the report as JSON, the same token rules as GraphQL, and a status for every refusal.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { COST_CATEGORIES } from '../../src/domain/enums.js';
import { AuditEvent, Expenditure } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { createFundingProgram, setProgramBudget } from '../../src/services/programs.js';
import { createProject } from '../../src/services/projects.js';
import { createRecipient } from '../../src/services/recipients.js';
import { startTestApi, type TestApi } from '../support/api.js';

const system = Access.system();
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let api: TestApi;
let tokens: { officer: string; otherOfficer: string; auditor: string };

interface UploadOptions {
  token?: string | null;
  noticeId?: string;
  dryRun?: boolean;
  contentType?: string;
  disposition?: string;
  query?: string;
}

interface Answer {
  status: number;
  body: {
    fileName?: string;
    format?: string;
    rows?: number;
    totalAmount?: string;
    problems?: { row: number; column: string; problem: string }[];
    notCounting?: { row: number; receiptNumber: string; reason: string; explanation: string }[];
    dryRun?: boolean;
    imported?: boolean;
    batchId?: string | null;
    errors?: { message: string; extensions: { code: string; reason?: string; batchId?: string } }[];
  };
}

async function upload(bytes: Uint8Array, options: UploadOptions = {}): Promise<Answer> {
  const token = options.token === undefined ? tokens.officer : options.token;
  const query =
    options.query ??
    `grantNoticeId=${options.noticeId ?? ''}&dryRun=${options.dryRun ?? false}&fileName=${encodeURIComponent('Belege.csv')}`;
  const response = await fetch(`${api.url}/imports/receipts?${query}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'text/csv; charset=windows-1252',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.disposition ? { 'content-disposition': options.disposition } : {}),
    },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const HEADER = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag';

function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
}

/** A small export; `tag` makes the bytes, and so the file, unique. */
function receipts(tag: string, amounts: string[] = ['1.234,56', '99,00']): Uint8Array {
  return latin1(
    [
      HEADER,
      ...amounts.map((amount, index) => `${tag}-${index + 1};01.07.2020;15.07.2020;Müller GmbH;Lizenz ${tag};Software;${amount}`),
    ].join('\r\n'),
  );
}

let noticeId: string;

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await createFundingProgram(em, system, {
    code: 'EGOV-IMPORT',
    name: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen',
    grantingAuthority: 'Thüringer Finanzministerium',
    legalBasis: 'ThürLHO §§ 23, 44',
    maxRate: new Dec('0.8'),
    eligibleCategories: [...COST_CATEGORIES],
  });
  await setProgramBudget(em, system, program.id, 2020, new Dec('20000000.00'));
  const kyffhaeuser = await createRecipient(em, system, { name: 'Kyffhäuserkreis', kind: 'DISTRICT', ags: '16065', population: 74_212 });
  await createRecipient(em, system, { name: 'Wartburgkreis', kind: 'DISTRICT', ags: '16063', population: 158_000 });
  const project = await createProject(em, system, { recipientId: kyffhaeuser.id, title: 'E-Government-Serviceteam' });
  const notice = await createGrantNotice(em, system, {
    reference: 'TFM-EGOV-2020-017',
    noticeDate: '2020-06-02',
    fundingProgramId: program.id,
    projectId: project.id,
    financingType: 'SHARE',
    rate: new Dec('0.8'),
    eligibleCosts: new Dec('181265.04'),
    approvedAmount: new Dec('145012.03'),
    approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
    budgetLines: [
      { category: 'STAFF', planned: new Dec('150000.00') },
      { category: 'SOFTWARE', planned: new Dec('31265.04') },
    ],
  });
  noticeId = notice.id;
  tokens = {
    officer: await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] }),
    otherOfficer: await api.token({ role: 'FINANCE_OFFICER', recipients: ['16063'], subject: 'test-other-officer' }),
    auditor: await api.token({ role: 'AUDITOR' }),
  };
});

afterAll(async () => {
  await api?.stop();
});

const count = () => api.service.orm.em.fork().count(Expenditure, { notice: noticeId });

describe('POST /imports/receipts', () => {
  it('imports as the finance officer of the recipient and answers the report; the audit trail names the officer', async () => {
    const before = await count();
    const answer = await upload(receipts('OK'), { noticeId });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      fileName: 'Belege.csv',
      format: 'CSV',
      rows: 2,
      totalAmount: '1333.56',
      problems: [],
      notCounting: [],
      dryRun: false,
      imported: true,
    });
    expect(answer.body.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await count()).toBe(before + 2);
    const events = await api.service.orm.em.fork().find(AuditEvent, { entityType: 'ImportBatch', entityId: answer.body.batchId! });
    expect(events.map((event) => [event.action, event.actorSubject, event.actorRole])).toEqual([
      ['CREATE', 'test-finance_officer', 'FINANCE_OFFICER'],
    ]);
  });

  it('a dry run answers the report and writes nothing', async () => {
    const before = await count();
    const file = latin1(
      `${HEADER}\r\nDRY-1;01.07.2020;15.07.2020;Müller GmbH;Lizenz;Software;10,00\r\nDRY-2;01.07.2020;;Weiß KG;Server;Hardware;20,00`,
    );
    const answer = await upload(file, { noticeId, dryRun: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, imported: false, batchId: null, rows: 2, problems: [] });
    expect(answer.body.notCounting).toEqual([
      {
        row: 3,
        receiptNumber: 'DRY-2',
        reason: 'NOT_PAID',
        explanation: 'Noch nicht bezahlt: ein Beleg zählt erst mit einem Zahlungsdatum im Bewilligungszeitraum.',
      },
    ]);
    expect(await count()).toBe(before);
  });

  it('takes an XLSX workbook with its name from Content-Disposition', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Belege');
    sheet.addRow(HEADER.split(';'));
    sheet.addRow(['X-1', new Date(Date.UTC(2020, 6, 1)), new Date(Date.UTC(2020, 6, 2)), 'Weiß KG', 'Server', 'Hardware', 2500]);
    sheet.getColumn(2).numFmt = 'dd.mm.yyyy';
    sheet.getColumn(3).numFmt = 'dd.mm.yyyy';
    const answer = await upload(new Uint8Array(await workbook.xlsx.writeBuffer()), {
      noticeId,
      contentType: XLSX_TYPE,
      disposition: `attachment; filename="Belege.xlsx"; filename*=UTF-8''Beleg%C3%BCbersicht%202020.xlsx`,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      fileName: 'Belegübersicht 2020.xlsx',
      format: 'XLSX',
      rows: 1,
      totalAmount: '2500.00',
      imported: true,
    });
  });

  it('answers 422 with every problem of a bad file, and writes nothing', async () => {
    const before = await count();
    const answer = await upload(receipts('BAD', ['1.234,56', '12,345', 'zwölf']), { noticeId });
    expect(answer.status).toBe(422);
    expect(answer.body.imported).toBe(false);
    expect(answer.body.problems).toEqual([
      { row: 3, column: 'Betrag', problem: '"12,345" hat 3 Nachkommastellen; ein Betrag hat höchstens zwei (Euro und Cent).' },
      { row: 4, column: 'Betrag', problem: '"zwölf" ist kein Betrag; schreiben Sie ihn als 1.234,56 (oder 1234,56).' },
    ]);
    const empty = await upload(new Uint8Array(), { noticeId });
    expect([empty.status, empty.body.problems]).toEqual([422, [{ row: 0, column: '', problem: 'Die Datei ist leer.' }]]);
    const broken = await upload(latin1('PK\u0003\u0004 damaged'), { noticeId, contentType: XLSX_TYPE });
    expect(broken.status).toBe(422);
    expect(await count()).toBe(before);
  });

  it('answers 422 for a receipt number booked before, and imports the row marked in the Korrektur column', async () => {
    expect((await upload(receipts('KOR'), { noticeId })).status).toBe(200);
    const before = await count();
    const again = (mark: string) => latin1(`${HEADER};Korrektur\r\nKOR-1;03.08.2020;04.08.2020;Müller GmbH;Nachtrag;Software;5,00;${mark}`);
    const refused = await upload(again(''), { noticeId });
    expect([refused.status, refused.body.imported, refused.body.problems]).toEqual([
      422,
      false,
      [
        {
          row: 2,
          column: 'Belegnummer',
          problem:
            'Die Belegnummer KOR-1 ist auf diesem Zuwendungsbescheid bereits gebucht (Rechnung vom 01.07.2020 über 1.234,56 €); ' +
            'markieren Sie die Zeile in der Spalte „Korrektur“, wenn sie den Beleg bewusst ergänzt.',
          duplicate: 'BOOKED',
        },
      ],
    ]);
    expect(await count()).toBe(before);
    const corrected = await upload(again('Ja'), { noticeId });
    expect([corrected.status, corrected.body.imported, corrected.body.problems]).toEqual([200, true, []]);
    expect(await count()).toBe(before + 1);
  });

  it('answers 409 when the same file comes again', async () => {
    const file = receipts('TWICE');
    const first = await upload(file, { noticeId });
    expect(first.status).toBe(200);
    const before = await count();
    const second = await upload(file, { noticeId });
    expect(second.status).toBe(409);
    expect(second.body.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', reason: 'ALREADY_IMPORTED', batchId: first.body.batchId });
    expect(second.body.errors?.[0]?.message).toMatch(
      /^Diese Datei wurde bereits am .* als Stapel .* eingelesen \("Belege\.csv", 2 Belege, 1\.333,56 €\); sie wird nicht erneut eingelesen\.$/,
    );
    expect(await count()).toBe(before);
  });

  it('refuses callers as GraphQL does: 404 outside the scope, 403 for a role that may not write, 401 without a valid token', async () => {
    const file = receipts('WHO');
    const outside = await upload(file, { noticeId, token: tokens.otherOfficer });
    expect([outside.status, outside.body.errors?.[0]?.extensions.code]).toEqual([404, 'NOT_FOUND']);
    expect(outside.body.errors?.[0]?.message).toBe(`Der Zuwendungsbescheid ${noticeId} wurde nicht gefunden.`);
    const auditor = await upload(file, { noticeId, token: tokens.auditor });
    expect(auditor.body).toEqual({
      errors: [
        {
          message:
            'Die Rolle Prüfung (AUDITOR) darf keine Förderdaten (Vorhaben, Anträge, Bescheide, Belege, Personalkosten, Mittelabrufe) ändern.',
          extensions: { code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' },
        },
      ],
    });
    expect(auditor.status).toBe(403);
    const anonymous = await upload(file, { noticeId, token: null });
    expect(anonymous).toEqual({
      status: 401,
      body: {
        errors: [
          {
            message: 'Bitte anmelden: Es wurde kein gültiges Zugangstoken im Authorization-Header gesendet.',
            extensions: { code: 'UNAUTHENTICATED', reason: 'NOT_SIGNED_IN' },
          },
        ],
      },
    });
    const forged = await upload(file, { noticeId, token: `${tokens.officer.slice(0, -4)}AAAA` });
    expect([forged.status, forged.body.errors?.[0]?.message]).toEqual([401, 'Das Zugangstoken gilt nicht für diesen Dienst.']);
    const unknown = await upload(file, { noticeId: '0190d7a4-0000-7000-8000-000000000000' });
    expect([unknown.status, unknown.body.errors?.[0]?.extensions.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers 400 for a request without a notice or with a bad dryRun, 415 for a body that is no file', async () => {
    const file = receipts('REQ');
    const noNotice = await upload(file, { query: 'dryRun=true' });
    expect([noNotice.status, noNotice.body.errors?.[0]?.message]).toEqual([400, 'Nennen Sie den Zuwendungsbescheid: ?grantNoticeId=….']);
    const badDryRun = await upload(file, { query: `grantNoticeId=${noticeId}&dryRun=yes` });
    expect([badDryRun.status, badDryRun.body.errors?.[0]?.message]).toEqual([400, 'dryRun muss true oder false sein.']);
    const json = await upload(file, { noticeId, contentType: 'application/json' });
    expect([json.status, json.body.errors?.[0]?.extensions.code, json.body.errors?.[0]?.message]).toEqual([
      415,
      'BAD_REQUEST',
      'Senden Sie die Datei als text/csv, als XLSX-Arbeitsmappe oder als application/octet-stream, nicht als "application/json".',
    ]);
  });
});
