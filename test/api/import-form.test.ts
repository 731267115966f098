// The receipt upload as a browser sends it: multipart/form-data with one part `file` and the parameters
// as fields or in the query; the byte limit, a missing or second file part, and a Windows-1252 file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Expenditure } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { district, kyffhaeuserNotice, programme, projectOf } from '../support/factories.js';

let api: TestApi;
let officer: string;
let noticeId: string;

const LIMIT_BYTES = 50 * 1024 * 1024;
const TOO_LARGE = {
  errors: [
    { message: 'Die Datei ist größer als 50 MB; teilen Sie sie auf mehrere Dateien auf.', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
  ],
};
const HEADER = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag';

/** The characters of Windows-1252 that Latin-1 does not have at the same code, as the tests use them. */
const WINDOWS_1252: Record<string, number> = { '€': 0x80, '„': 0x84, '–': 0x96, '“': 0x93 };

function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((char) => WINDOWS_1252[char] ?? char.charCodeAt(0)));
}

interface Part {
  name: string;
  value: string | Uint8Array;
  fileName?: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function postForm(parts: Part[], query = ''): Promise<Answer> {
  const form = new FormData();
  for (const part of parts) {
    if (part.fileName === undefined) form.append(part.name, part.value as string);
    else form.append(part.name, new Blob([part.value as Uint8Array<ArrayBuffer>], { type: 'text/csv' }), part.fileName);
  }
  const response = await fetch(`${api.url}/imports/receipts${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${officer}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const fields = (dryRun: boolean): Part[] => [
  { name: 'grantNoticeId', value: noticeId },
  { name: 'dryRun', value: String(dryRun) },
];

const count = () => api.service.orm.em.fork().count(Expenditure, { notice: noticeId });

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await programme(em);
  const kyf = await district(em);
  const project = await projectOf(em, kyf.id);
  noticeId = (await createGrantNotice(em, Access.system(), kyffhaeuserNotice(program.id, project.id))).id;
  officer = await api.token({ role: 'FINANCE_OFFICER', recipients: [kyf.ags] });
});

afterAll(async () => {
  await api?.stop();
});

/** Four receipts of July 2020: two that count, one unpaid and one travel receipt without a budget line. */
const JULY = new TextEncoder().encode(
  [
    HEADER,
    'F-1;01.07.2020;15.07.2020;Kommunale IT GmbH;Lizenzen;Software;1.190,00',
    'F-2;03.07.2020;20.07.2020;Weiß KG;Notebooks;Hardware;2.345,67',
    'F-3;05.07.2020;;Schulungshaus Erfurt;Schulung Fachverfahren;Schulung;450,00',
    'F-4;06.07.2020;21.07.2020;Deutsche Bahn;Fahrt nach Erfurt;Reisekosten;87,30',
  ].join('\r\n'),
);

describe('POST /imports/receipts as multipart/form-data', () => {
  it('answers the dry run of a CSV file part with the figures, the parameters taken from the fields', async () => {
    const before = await count();
    const answer = await postForm([...fields(true), { name: 'file', value: JULY, fileName: 'Belege Juli.csv' }]);
    expect(answer.status).toBe(200);
    // 1,190.00 + 2,345.67 + 450.00 + 87.30 = 4,072.97.
    expect(answer.body).toMatchObject({
      fileName: 'Belege Juli.csv',
      format: 'CSV',
      rows: 4,
      totalAmount: '4072.97',
      problems: [],
      dryRun: true,
      imported: false,
      batchId: null,
    });
    expect(answer.body['notCounting']).toEqual([
      {
        row: 4,
        receiptNumber: 'F-3',
        reason: 'NOT_PAID',
        explanation: 'Noch nicht bezahlt: ein Beleg zählt erst mit einem Zahlungsdatum im Bewilligungszeitraum.',
      },
      {
        row: 5,
        receiptNumber: 'F-4',
        reason: 'CATEGORY_NOT_PLANNED',
        explanation: 'Der Finanzierungsplan hat keinen Ansatz für die Kostenkategorie „Reisekosten“.',
      },
    ]);
    expect(await count()).toBe(before);
  });

  it('books the file part with the parameters in the query, and marks its numbers as duplicates in a second file', async () => {
    const before = await count();
    const answer = await postForm([{ name: 'file', value: JULY, fileName: 'Belege Juli.csv' }], `?grantNoticeId=${noticeId}&dryRun=false`);
    expect([answer.status, answer.body['imported'], answer.body['rows'], answer.body['totalAmount']]).toEqual([200, true, 4, '4072.97']);
    expect(await count()).toBe(before + 4);

    const again = new TextEncoder().encode(
      [
        HEADER,
        'F-2;03.07.2020;20.07.2020;Weiß KG;Notebooks;Hardware;2.345,67',
        'F-5;07.07.2020;22.07.2020;Weiß KG;Maus;Hardware;12,00',
      ].join('\n') + '\nF-5;07.07.2020;22.07.2020;Weiß KG;Maus;Hardware;12,00',
    );
    const refused = await postForm([...fields(true), { name: 'file', value: again, fileName: 'nochmal.csv' }]);
    expect(refused.status).toBe(422);
    expect(refused.body['problems']).toEqual([
      {
        row: 2,
        column: 'Belegnummer',
        problem:
          'Die Belegnummer F-2 ist auf diesem Zuwendungsbescheid bereits gebucht (Rechnung vom 03.07.2020 über 2.345,67 €); ' +
          'markieren Sie die Zeile in der Spalte „Korrektur“, wenn sie den Beleg bewusst ergänzt.',
        duplicate: 'BOOKED',
      },
      {
        row: 4,
        column: 'Belegnummer',
        problem:
          'Die Belegnummer F-5 steht bereits in Zeile 3 dieser Datei; markieren Sie die Zeile in der Spalte „Korrektur“, wenn sie den Beleg bewusst ergänzt.',
        duplicate: 'IN_FILE',
      },
    ]);
  });

  it('reads a Windows-1252 file: the payee with umlauts and the name of the file part come out right', async () => {
    const file = windows1252(
      `${HEADER}\r\nW-1;10.08.2020;12.08.2020;Müller & Söhne GmbH;Prüfung – „Lizenzverträge“ 50 €;Beratung;1.500,00\r\n`,
    );
    // Not valid UTF-8: ü, ö, –, „ and € are single bytes here.
    expect(file.includes(0xfc) && file.includes(0x96)).toBe(true);
    const answer = await postForm([...fields(false), { name: 'file', value: file, fileName: 'Belegübersicht August.csv' }]);
    expect([answer.status, answer.body['fileName'], answer.body['problems'], answer.body['totalAmount']]).toEqual([
      200,
      'Belegübersicht August.csv',
      [],
      '1500.00',
    ]);
    const stored = await api.service.orm.em.fork().findOneOrFail(Expenditure, { notice: noticeId, receiptNumber: 'W-1' });
    expect([stored.payee, stored.purpose, stored.amount.toFixed(2)]).toEqual([
      'Müller & Söhne GmbH',
      'Prüfung – „Lizenzverträge“ 50 €',
      '1500.00',
    ]);
  });

  it('answers 413 with the message of the raw upload for a file part one byte over 50 MB, and for a larger request unread', async () => {
    const before = await count();
    const justOver = await postForm([
      ...fields(true),
      { name: 'file', value: new Uint8Array(LIMIT_BYTES + 1).fill(0x41), fileName: 'groß.csv' },
    ]);
    expect(justOver).toEqual({ status: 413, body: TOO_LARGE });
    // 51 MB: refused by its Content-Length, before busboy reads a byte.
    const larger = await postForm([
      ...fields(true),
      { name: 'file', value: new Uint8Array(LIMIT_BYTES + 1024 * 1024), fileName: 'größer.csv' },
    ]);
    expect(larger).toEqual({ status: 413, body: TOO_LARGE });
    expect(await count()).toBe(before);
    // Both refusals gave their place among the two uploads a user may have running back.
    const after = await postForm([...fields(true), { name: 'file', value: JULY, fileName: 'Belege Juli.csv' }]);
    expect(after.status).toBe(409);
  });

  it('answers 413 for a streamed form without Content-Length once the file part passes the limit', async () => {
    const boundary = 'grenze4711';
    const encoder = new TextEncoder();
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(
            `--${boundary}\r\ncontent-disposition: form-data; name="grantNoticeId"\r\n\r\n${noticeId}\r\n` +
              `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="endlos.csv"\r\ncontent-type: text/csv\r\n\r\n`,
          ),
        );
      },
      pull(controller) {
        // 60 MB, then the end of the form: the server refuses at 50 MB.
        if (sent === 60) {
          controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${api.url}/imports/receipts?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 413, body: TOO_LARGE });
  });

  it('lets a form go whose client went away mid-file: the user has both places for uploads again', async () => {
    const aborted = async () => {
      const controller = new AbortController();
      const body = new ReadableStream<Uint8Array>({
        start(stream) {
          stream.enqueue(
            new TextEncoder().encode(
              `--grenze\r\ncontent-disposition: form-data; name="file"; filename="abgebrochen.csv"\r\n\r\n${HEADER}\r\n`,
            ),
          );
          // The rest never comes: the client gives up after a moment.
          setTimeout(() => controller.abort(), 200);
        },
      });
      const sent = fetch(`${api.url}/imports/receipts?grantNoticeId=${noticeId}&dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer}`, 'content-type': 'multipart/form-data; boundary=grenze' },
        body,
        duplex: 'half',
        signal: controller.signal,
      } as RequestInit);
      await expect(sent).rejects.toThrow();
    };
    await Promise.all([aborted(), aborted()]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const file = new TextEncoder().encode(`${HEADER}\nA-1;01.07.2020;15.07.2020;Müller GmbH;Lizenz;Software;10,00`);
    const answers = await Promise.all([
      postForm([...fields(true), { name: 'file', value: file, fileName: 'a.csv' }]),
      postForm([...fields(true), { name: 'file', value: file, fileName: 'b.csv' }]),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body['rows']])).toEqual([
      [200, 1],
      [200, 1],
    ]);
  });

  it('answers 400 FILE_MISSING for a form without a file part or with an empty file input, and MORE_THAN_ONE_FILE for two', async () => {
    const before = await count();
    const missing = {
      status: 400,
      body: {
        errors: [
          {
            message: 'Das Formular enthält keine Datei; senden Sie den Buchungsexport im Teil „file“.',
            extensions: { code: 'BAD_REQUEST', reason: 'FILE_MISSING', field: 'file' },
          },
        ],
      },
    };
    expect(await postForm(fields(true))).toEqual(missing);
    expect(await postForm([...fields(true), { name: 'file', value: new Uint8Array(), fileName: '' }])).toEqual(missing);
    // A text field named file is no file either.
    expect(await postForm([...fields(true), { name: 'file', value: 'Belege.csv' }])).toEqual(missing);

    const two = await postForm([
      ...fields(false),
      { name: 'file', value: JULY, fileName: 'Belege Juli.csv' },
      { name: 'file', value: JULY, fileName: 'Belege Juli (Kopie).csv' },
    ]);
    expect(two).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Das Formular enthält mehr als eine Datei; ein Import liest genau eine. Senden Sie jede Datei einzeln.',
            extensions: { code: 'BAD_REQUEST', reason: 'MORE_THAN_ONE_FILE', field: 'file' },
          },
        ],
      },
    });
    expect(await count()).toBe(before);
  });

  it('answers 400 for a form whose Content-Type has no boundary or that ends inside the file, and asks for the notice when no field or parameter names it', async () => {
    const response = await fetch(`${api.url}/imports/receipts?grantNoticeId=${noticeId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'multipart/form-data' },
      body: 'file',
    });
    expect([response.status, ((await response.json()) as Answer['body']).errors?.[0]?.message]).toEqual([
      400,
      'Die Datei konnte nicht empfangen werden; senden Sie sie erneut.',
    ]);
    // A form that ends in the middle of its file part (a connection cut by a proxy): refused, and the service answers on.
    const truncated = await fetch(`${api.url}/imports/receipts?grantNoticeId=${noticeId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'multipart/form-data; boundary=grenze' },
      body: `--grenze\r\ncontent-disposition: form-data; name="file"; filename="halb.csv"\r\n\r\n${HEADER}\r\nF-9;01.07.2020`,
    });
    expect([truncated.status, ((await truncated.json()) as Answer['body']).errors?.[0]?.message]).toEqual([
      400,
      'Die Datei konnte nicht empfangen werden; senden Sie sie erneut.',
    ]);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const noNotice = await postForm([{ name: 'file', value: JULY, fileName: 'Belege Juli.csv' }]);
    expect([noNotice.status, noNotice.body.errors?.[0]?.message]).toEqual([400, 'Nennen Sie den Zuwendungsbescheid: ?grantNoticeId=….']);
  });
});
