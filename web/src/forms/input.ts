// What the forms accept as typed, and what they send: amounts in German notation ("1.234,56" or
// "1234,56") become decimal strings ("1234.56"), percentages ("80" or "81,25") become rates
// ("0.8125"), all by string and whole numbers, never through a binary float.

/** A value read from a field, or the German message why it cannot be read. */
export type Parsed = { value: string; error?: undefined } | { value?: undefined; error: string };

/** German notation with thousands dots in groups of three, or no dots at all; up to two decimals after a comma. */
const GERMAN_AMOUNT = /^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;

export const MONEY_FORMAT_MESSAGE = 'Bitte einen Betrag in Euro wie 1.234,56 oder 1234,56 eingeben (höchstens zwei Nachkommastellen).';

/** "1.234,56", "1234,5" or "1234" as "1234.56", "1234.50", "1234.00". */
export function parseGermanMoney(text: string): Parsed {
  const trimmed = text.trim().replace(/\s*€$/, '');
  const match = GERMAN_AMOUNT.exec(trimmed);
  if (!match) return { error: MONEY_FORMAT_MESSAGE };
  const [whole = '0', fraction = ''] = trimmed.split(',');
  const digits = whole.replaceAll('.', '').replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { error: 'Der Betrag ist zu groß: höchstens 15 Stellen vor dem Komma.' };
  return { value: `${digits}.${fraction.padEnd(2, '0')}` };
}

/** "1234.56" as "1.234,56": the form's own notation, for values it is given. */
export function germanMoneyInput(amount: string): string {
  const [whole = '0', fraction = '00'] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, '.')},${fraction.padEnd(2, '0')}`;
}

export const PERCENT_FORMAT_MESSAGE = 'Bitte einen Prozentsatz von 0 bis 100 wie 80 oder 81,25 eingeben (höchstens zwei Nachkommastellen).';

/** "80" or "81,25" (percent) as the rate "0.8000" or "0.8125". */
export function parseGermanPercent(text: string): Parsed {
  const match = /^(\d{1,3})(?:,(\d{1,2}))?$/.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return { error: PERCENT_FORMAT_MESSAGE };
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > 10_000) return { error: PERCENT_FORMAT_MESSAGE };
  return { value: `${Math.floor(basisPoints / 10_000)}.${String(basisPoints % 10_000).padStart(4, '0')}` };
}

/** A required text: trimmed, or the German message that it is missing. */
export function parseRequired(text: string, what: string): Parsed {
  const trimmed = text.trim();
  return trimmed === '' ? { error: `Bitte ${what} angeben.` } : { value: trimmed };
}

/** Today in Germany as YYYY-MM-DD, the default of a booking date. */
export function todayInGermany(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
}

export const DATE_FORMAT_MESSAGE = 'Bitte ein Datum wie 31.12.2025 eingeben (Tag, Monat, Jahr).';

/** "1.7.2025" or "01.07.2025" as "2025-07-01"; a day the calendar does not have is refused. */
export function parseGermanDate(text: string): Parsed {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!match) return { error: DATE_FORMAT_MESSAGE };
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { error: `Den ${match[1]}.${match[2]}.${match[3]} gibt es im Kalender nicht. ${DATE_FORMAT_MESSAGE}` };
  }
  return { value: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** "2025-07-01" as "01.07.2025", the form's notation of a date it is given. */
export function germanDateInput(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}

export const MONTH_FORMAT_MESSAGE = 'Bitte einen Monat wie 07.2020 eingeben (Monat, Jahr).';

/** "7.2020", "07.2020" or "07/2020" as the month's first day "2020-07-01". */
export function parseGermanMonth(text: string): Parsed {
  const match = /^(\d{1,2})[./](\d{4})$/.exec(text.trim());
  if (!match) return { error: MONTH_FORMAT_MESSAGE };
  const month = Number(match[1]);
  if (month < 1 || month > 12) return { error: `Einen ${match[1]}. Monat gibt es nicht. ${MONTH_FORMAT_MESSAGE}` };
  return { value: `${match[2]}-${String(month).padStart(2, '0')}-01` };
}

export const HOURS_FORMAT_MESSAGE = 'Bitte eine Stundenzahl wie 64 oder 64,5 eingeben (höchstens zwei Nachkommastellen).';

/** "64", "64,5" or "64,25" hours as "64", "64.5", "64.25", the API's notation of hours. */
export function parseGermanHours(text: string): Parsed {
  const match = /^(\d{1,5})(?:,(\d{1,2}))?$/.exec(text.trim().replace(/\s*(Std\.?|Stunden|h)$/, ''));
  if (!match) return { error: HOURS_FORMAT_MESSAGE };
  return { value: `${Number(match[1])}${match[2] ? `.${match[2]}` : ''}` };
}
