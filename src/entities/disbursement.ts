// Money from the state: disbursement requests (Mittelabrufe), payments (Auszahlungen) with their
// reversals, the Bundesbank base rates for interest, and finalised settlements (Schlussabrechnungen).
import type { Opt } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToOne, Property, Trigger } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import type { LocalDate } from '../domain/local-date.js';
import { EditableRecord, ImmutableRecord } from './base.js';
import { GrantNotice } from './grant-notice.js';
import { Recipient } from './recipient.js';
import { LocalDateType, MoneyType, RateType } from './types.js';

export const DISBURSEMENT_STATUSES = ['DRAFT', 'SUBMITTED', 'PAID', 'WITHDRAWN'] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

/** Mittelabruf: the recipient asks the state to pay out part of the grant. */
@Entity()
@Index({ name: 'disbursement_request_notice_idx', properties: ['notice'] })
@Check({ name: 'disbursement_request_amount_positive', expression: 'amount > 0' })
export class DisbursementRequest extends EditableRecord {
  @ManyToOne(() => GrantNotice)
  notice!: GrantNotice;

  /** The notice's recipient, kept here so that access checks need no join. */
  @ManyToOne(() => Recipient, { index: 'disbursement_request_recipient_idx' })
  recipient!: Recipient;

  @Property({ type: LocalDateType })
  requestedOn!: LocalDate;

  @Property({ type: MoneyType })
  amount!: Dec;

  @Property({ type: 'text' })
  purpose!: string;

  @Enum({ items: () => [...DISBURSEMENT_STATUSES], nativeEnumName: 'disbursement_status' })
  status: Opt<DisbursementStatus> = 'DRAFT';
}

/**
 * The database refuses a payment that would take the payments of a notice above its approved amount
 * in force (Rule 5). The notice's row is locked first, so that concurrent payments from any number of
 * server processes are checked one after another.
 */
const PAYMENT_CAP_BODY = `
  declare
    approved numeric;
    paid numeric;
  begin
    select v.approved_amount into approved
      from grant_notice n join grant_notice_version v on v.id = n.current_version_id
     where n.id = new.notice_id
       for update of n;
    select coalesce(sum(p.amount), 0) into paid
      from payment p
     where p.notice_id = new.notice_id
       and not exists (select 1 from payment_reversal r where r.payment_id = p.id);
    if paid + new.amount > approved then
      raise exception 'payments % exceed the approved amount %', paid + new.amount, approved
        using errcode = 'check_violation', constraint = 'payment_within_approved_amount';
    end if;
    return new;
  end;`;

/** Auszahlung: money received from the state; corrected by reversal only. */
@Entity()
@Index({ name: 'payment_notice_idx', properties: ['notice', 'paidOn'] })
@Check({ name: 'payment_amount_positive', expression: 'amount > 0' })
@Trigger({ name: 'payment_within_approved_amount', timing: 'before', events: ['insert'], forEach: 'row', body: PAYMENT_CAP_BODY })
export class Payment extends ImmutableRecord {
  @ManyToOne(() => GrantNotice)
  notice!: GrantNotice;

  @ManyToOne(() => Recipient, { index: 'payment_recipient_idx' })
  recipient!: Recipient;

  @ManyToOne(() => DisbursementRequest, { nullable: true, index: 'payment_request_idx', deleteRule: 'no action' })
  request?: DisbursementRequest | null;

  /** Tag der Wertstellung. */
  @Property({ type: LocalDateType })
  paidOn!: LocalDate;

  @Property({ type: MoneyType })
  amount!: Dec;

  @OneToOne(() => PaymentReversal, (reversal) => reversal.payment, { nullable: true })
  reversal?: PaymentReversal | null;
}

@Entity()
export class PaymentReversal extends ImmutableRecord {
  @OneToOne(() => Payment, { owner: true, unique: 'payment_reversal_unique' })
  payment!: Payment;

  @Property({ type: LocalDateType })
  reversedOn!: LocalDate;

  @Property({ type: 'text' })
  reason!: string;
}

/** Basiszinssatz (§ 247 BGB) from a day on, as the Bundesbank publishes it each 1 January and 1 July. */
@Entity()
export class BaseRate extends EditableRecord {
  @Property({ type: LocalDateType, unique: 'base_rate_valid_from_unique' })
  validFrom!: LocalDate;

  /** As a fraction, e.g. 0.0162 for 1.62 %; negative rates occurred. */
  @Property({ type: RateType })
  rate!: Dec;
}

/** Schlussabrechnung, finalised once: the figures stay readable as they were on that day. */
@Entity()
export class FinalSettlement extends ImmutableRecord {
  @OneToOne(() => GrantNotice, { owner: true, unique: 'final_settlement_notice_unique' })
  notice!: GrantNotice;

  /** The date the settlement was computed for. */
  @Property({ type: LocalDateType })
  asOf!: LocalDate;

  /** The notice's version of the figures it was computed from. */
  @Property({ type: 'integer' })
  noticeVersionNo!: number;

  @Property({ type: MoneyType })
  recognisedTotal!: Dec;

  @Property({ type: MoneyType })
  actualThirdPartyFunds!: Dec;

  @Property({ type: MoneyType })
  finalGrant!: Dec;

  @Property({ type: MoneyType })
  paidTotal!: Dec;

  /** finalGrant − paidTotal: negative is a refund claim, positive an outstanding payout. */
  @Property({ type: MoneyType })
  balance!: Dec;

  @Property({ type: MoneyType })
  interest!: Dec;
}
