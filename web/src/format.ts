// How the application writes amounts, dates and rates: German notation, exact to the cent. Amounts
// arrive from the API as decimal strings ("145012.03") and are computed with as whole cents (BigInt),
// never as binary floats.

const euro = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });

/** Whole cents of a decimal string such as "145012.03" or "-0.5". */
export function cents(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const value = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0') || '0');
  return match[1] ? -value : value;
}

/** A decimal string of whole cents. */
export function fromCents(value: bigint): string {
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  return `${negative ? '-' : ''}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
}

/** "145012.03" as "145.012,03 €". */
export function formatMoney(amount: string): string {
  const value = cents(amount);
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  const whole = euro.format(Number(absolute / 100n)).replace(/,00$/, '');
  return `${negative ? '−' : ''}${whole},${String(absolute % 100n).padStart(2, '0')} €`;
}

/** "2020-06-02" as "02.06.2020". */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : date;
}

/** "0.8000" as "80 %", "0.8125" as "81,25 %", a negative rate ("-0.0088", a base rate) as "−0,88 %". */
export function formatRate(rate: string): string {
  const negative = rate.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? rate.slice(1) : rate).split('.');
  const basisPoints = BigInt(whole) * 10000n + BigInt(fraction.padEnd(4, '0').slice(0, 4) || '0');
  const percent = basisPoints / 100n;
  const rest = basisPoints % 100n;
  const sign = negative && basisPoints > 0n ? '−' : '';
  return `${sign}${percent}${rest === 0n ? '' : `,${String(rest).padStart(2, '0').replace(/0$/, '')}`} %`;
}

/** The share of `part` in `whole` in percent with one decimal (rounded half up), for a bar; 0 when the whole is 0. */
export function sharePercent(part: string, whole: string): number {
  const total = cents(whole);
  if (total <= 0n) return 0;
  const share = Number(((cents(part) * 2000n) / total + 1n) / 2n) / 10;
  return Math.max(0, share);
}

/** A percentage as the API gives it ("-79.20") as "−79,20 %". */
export function formatPercent(percent: string): string {
  return `${percent.replace(/^-/, '−').replace('.', ',')} %`;
}
