// `grants token`: a bearer token for the embedded set-up, signed with its local secret, for a role
// and the recipients (AGS) or the cooperation it may see; each of them must exist in the register.
import { validate as isUuid } from 'uuid';
import { signLocalToken } from '../../src/http/authentication.js';
import { Cooperation, Recipient } from '../../src/entities/index.js';
import { ROLE_NAMES, ROLES, type Role } from '../../src/services/access.js';
import { config, parseOptions, Refusal, runningService, UsageError, withDatabase, type Command } from './support.js';

const USAGE = `Aufruf: grants token --role ROLLE [--recipient AGS …] [--cooperation ID] [--name NAME] [--hours N]

Gibt ein Anmeldetoken für die eingebettete Einrichtung aus (im Kopf "Authorization: Bearer …").

  --role         ${ROLES.map((role) => `${role} (${ROLE_NAMES[role]})`).join(', ')}
  --recipient    AGS eines Zuwendungsempfängers, z. B. 16065; für FINANCE_OFFICER nötig, mehrfach möglich
  --cooperation  Kennung der Kooperation, die ein TEAM_LEAD leitet
  --name         Name, der im Prüfpfad erscheint (Vorgabe: die Rolle)
  --subject      Kennung der Person im Prüfpfad (Vorgabe: aus dem Namen)
  --hours        Gültigkeit in Stunden, 1 bis 720 (Vorgabe: 8)`;

/** The AGS of the list that are no recipient, and whether the cooperation exists. */
interface Known {
  unknownAgs: string[];
  cooperationExists: boolean;
}

async function knownThroughService(url: string, secretFile: string, agsList: string[], cooperation: string | undefined): Promise<Known> {
  const bearer = await signLocalToken(secretFile, { role: 'AUDITOR', subject: 'grants-token', name: 'grants token', hours: 1 });
  let unknownAgs: string[] = [];
  if (agsList.length > 0) {
    const query = `query (${agsList.map((_, i) => `$a${i}: String!`).join(', ')}) {
      ${agsList.map((_, i) => `r${i}: recipients(first: 1, filter: { ags: $a${i} }) { totalCount }`).join(' ')} }`;
    const answer = await askService<Record<string, { totalCount: number }>>(
      url,
      bearer,
      query,
      Object.fromEntries(agsList.map((ags, i) => [`a${i}`, ags])),
    );
    if (!answer.data) throw new Refusal(`Der laufende Dienst unter ${url} lehnt die Prüfung der AGS ab.`);
    unknownAgs = agsList.filter((_, i) => answer.data![`r${i}`]?.totalCount !== 1);
  }
  let cooperationExists = false;
  if (cooperation) {
    const answer = await askService<{ cooperation: { id: string } }>(url, bearer, 'query ($id: ID!) { cooperation(id: $id) { id } }', {
      id: cooperation,
    });
    cooperationExists = answer.data?.cooperation?.id === cooperation;
  }
  return { unknownAgs, cooperationExists };
}

async function askService<T>(url: string, bearer: string, query: string, variables: Record<string, unknown>): Promise<{ data?: T | null }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T | null };
  } catch (error) {
    throw new Refusal(`Der laufende Dienst unter ${url} antwortet nicht (${error instanceof Error ? error.message : String(error)}).`);
  }
}

export const token: Command = {
  summary: 'Anmeldetoken für die eingebettete Einrichtung ausgeben',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions(args, {
      role: { type: 'string' },
      recipient: { type: 'string', multiple: true },
      cooperation: { type: 'string' },
      name: { type: 'string' },
      subject: { type: 'string' },
      hours: { type: 'string', default: '8' },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`--role muss eine dieser Rollen sein: ${ROLES.join(', ')}.`);
    const recipients = values.recipient ?? [];
    if (role === 'FINANCE_OFFICER' && recipients.length === 0) {
      throw new UsageError('Ein Token für FINANCE_OFFICER braucht --recipient AGS (mehrfach für mehrere Empfänger).');
    }
    const malformed = recipients.find((ags) => !/^\d{5}(\d{3})?$/.test(ags));
    if (malformed !== undefined)
      throw new UsageError(`--recipient nimmt einen AGS aus 5 oder 8 Ziffern, z. B. 16065, nicht „${malformed}“.`);
    if (role === 'TEAM_LEAD' && !values.cooperation) {
      throw new UsageError('Ein Token für TEAM_LEAD braucht --cooperation ID (die Kennung der geleiteten Kooperation).');
    }
    if (values.cooperation !== undefined && !isUuid(values.cooperation)) {
      throw new UsageError(`--cooperation nimmt die Kennung (UUID) einer Kooperation, nicht „${values.cooperation}“.`);
    }
    const hours = Number(values.hours);
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 30) throw new UsageError('--hours muss eine ganze Zahl von 1 bis 720 sein.');

    const settings = config();
    if (settings.authentication.kind !== 'local') {
      throw new Refusal(
        'Tokens stellt der Identitätsanbieter aus (AUTH_ISSUER ist gesetzt); dieser Befehl dient der eingebetteten Einrichtung.',
      );
    }
    const secretFile = settings.authentication.secretFile;
    const url = runningService(settings);
    const known = url
      ? await knownThroughService(url, secretFile, recipients, values.cooperation)
      : await withDatabase(settings, 'grants token', async (orm) => {
          const em = orm.em.fork();
          const found = recipients.length === 0 ? [] : await em.find(Recipient, { ags: { $in: recipients } }, { fields: ['ags'] });
          return {
            unknownAgs: recipients.filter((ags) => !found.some((recipient) => recipient.ags === ags)),
            cooperationExists: !!values.cooperation && (await em.count(Cooperation, { id: values.cooperation })) === 1,
          };
        });
    if (known.unknownAgs.length > 0) {
      throw new Refusal(`Kein Zuwendungsempfänger hat den AGS ${known.unknownAgs.join(', ')}; das Token wurde nicht ausgestellt.`);
    }
    if (values.cooperation && !known.cooperationExists) {
      throw new Refusal(`Es gibt keine Kooperation mit der Kennung ${values.cooperation}; das Token wurde nicht ausgestellt.`);
    }
    const name = values.name ?? ROLE_NAMES[role];
    console.log(
      await signLocalToken(secretFile, {
        role,
        subject: values.subject ?? name.toLowerCase().replace(/\s+/g, '-'),
        name,
        recipients,
        ...(values.cooperation ? { cooperation: values.cooperation } : {}),
        hours,
      }),
    );
    return 0;
  },
};
