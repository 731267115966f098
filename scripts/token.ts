// `npm run token -- --role ROLE [--recipient AGS …] [--cooperation ID] [--name NAME] [--hours N]`:
// prints a bearer token for the embedded set-up, signed with its local secret.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { signLocalToken } from '../src/http/authentication.js';
import { ROLES, type Role } from '../src/services/access.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    recipient: { type: 'string', multiple: true },
    cooperation: { type: 'string' },
    name: { type: 'string' },
    subject: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
  strict: true,
});

const role = values.role as Role | undefined;
if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.`);
const recipients = values.recipient ?? [];
if (role === 'FINANCE_OFFICER' && recipients.length === 0) fail('A FINANCE_OFFICER token needs --recipient AGS (repeat it for several).');
if (recipients.some((ags) => !/^\d{5}(\d{3})?$/.test(ags))) fail('--recipient takes an AGS of 5 or 8 digits, e.g. 16065.');
if (role === 'TEAM_LEAD' && !values.cooperation) fail('A TEAM_LEAD token needs --cooperation ID (the id of the cooperation it leads).');
const hours = Number(values.hours);
if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 30) fail('--hours must be a whole number from 1 to 720.');

const config = loadConfig();
if (config.authentication.kind !== 'local')
  fail('Tokens come from the identity provider (AUTH_ISSUER is set); this tool is for the embedded set-up.');

const name = values.name ?? role.toLowerCase().replace('_', ' ');
console.log(
  await signLocalToken(config.authentication.secretFile, {
    role,
    subject: values.subject ?? name.toLowerCase().replace(/\s+/g, '-'),
    name,
    recipients,
    ...(values.cooperation ? { cooperation: values.cooperation } : {}),
    hours,
  }),
);
