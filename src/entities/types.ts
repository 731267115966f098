// Column types that keep money, rates and calendar dates exact between PostgreSQL and the code.
import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { Dec } from '../domain/decimal.js';
import type { LocalDate } from '../domain/local-date.js';

/**
 * `numeric(precision, scale)` ⇄ decimal.js. The driver hands numerics over as strings, so no
 * value ever passes through a binary float.
 */
abstract class DecimalColumnType extends Type<Dec | null | undefined, string | null | undefined> {
  protected abstract readonly precision: number;
  protected abstract readonly scale: number;

  override convertToDatabaseValue(value: Dec | string | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    return (value instanceof Dec ? value : new Dec(value)).toFixed();
  }

  override convertToJSValue(value: Dec | string | null | undefined): Dec | null | undefined {
    if (value === null || value === undefined) return value;
    return value instanceof Dec ? value : new Dec(value);
  }

  override compareAsType(): string {
    return 'string';
  }

  override compareValues(a: string | null | undefined, b: string | null | undefined): boolean {
    if (a === null || a === undefined || b === null || b === undefined) return a === b;
    return new Dec(a).eq(b);
  }

  override toJSON(value: Dec | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    return value.toFixed(this.scale);
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return `numeric(${this.precision},${this.scale})`;
  }
}

/** Money in euros with cents (Betrag): up to 15 integer digits, as the API accepts. */
export class MoneyType extends DecimalColumnType {
  protected readonly precision = 17;
  protected readonly scale = 2;
}

/** A rate in [0, 1] with four decimals (Fördersatz, Quote). */
export class RateType extends DecimalColumnType {
  protected readonly precision = 5;
  protected readonly scale = 4;
}

/** Hours with two decimals (Arbeitsstunden), e.g. project hours of a month. */
export class HoursType extends DecimalColumnType {
  protected readonly precision = 7;
  protected readonly scale = 2;
}

/** A calendar date without time or zone (`date`), kept as `YYYY-MM-DD`. */
export class LocalDateType extends Type<LocalDate | null | undefined, string | null | undefined> {
  override convertToDatabaseValue(value: LocalDate | null | undefined): string | null | undefined {
    return value;
  }

  override convertToJSValue(value: string | Date | null | undefined): LocalDate | null | undefined {
    if (value === null || value === undefined) return value;
    // A driver that parses `date` into a Date does so at local midnight; read the calendar parts back.
    if (value instanceof Date) {
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}` as LocalDate;
    }
    return value as LocalDate;
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(): string {
    return 'date';
  }
}
