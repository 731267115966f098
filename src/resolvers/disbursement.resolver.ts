// Money from the state: Mittelabrufe, Auszahlungen, Basiszinssätze, and on a notice its Schlussabrechnung
// and the proof-of-use deadline (Verwendungsnachweis).
import { paymentWarnings } from '../services/warnings.js';
import type { Warning as WarningView } from '../domain/warnings.js';
import { Warning } from '../schema/warnings.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { disbursementRequestPath } from '../reports/disbursement-request.js';
import { isProofOfUseOverdue, proofOfUseDue } from '../domain/proof-of-use.js';
import { addMonths, type LocalDate } from '../domain/local-date.js';
import { roundMoney } from '../domain/money.js';
import type { DisbursementRequest as RequestEntity, GrantNotice as NoticeEntity, Payment as PaymentEntity } from '../entities/index.js';
import * as disbursements from '../services/disbursements.js';
import {
  finaliseSettlement,
  todayInBerlin,
  type SettlementFigures,
  type SettlementInterest as SettlementInterestView,
} from '../services/settlement.js';
import type { RequestContext } from '../schema/context.js';
import {
  BaseRate,
  BaseRateInput,
  DisbursementRequest,
  DisbursementRequestInput,
  DisbursementRequestPatch,
  Payment,
  PaymentInput,
  PaymentReversal,
  Settlement,
  SettlementInterest,
} from '../schema/disbursements.js';
import { LocalDateScalar } from '../schema/scalars.js';
import { ReversalInput } from '../schema/spending.js';
import { GrantNotice } from '../schema/types.js';
import { DryRun } from './dry-run.js';
import { loaded } from './loading.js';

/** The Verwendungsnachweis deadline of a notice: Rule 9 on the approval period in force. */
async function dueDateOf(notice: NoticeEntity): Promise<LocalDate> {
  const [version, program] = await Promise.all([loaded(notice.current), loaded(notice.fundingProgram)]);
  return proofOfUseDue(version.approvalEnd, program.proofOfUseMonths);
}

@Resolver(() => DisbursementRequest)
export class DisbursementRequestResolver {
  @Query(() => DisbursementRequest, { description: 'Mittelabruf.' })
  disbursementRequest(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return disbursements.getDisbursementRequest(em, access, id);
  }

  @FieldResolver(() => GrantNotice)
  async grantNotice(@Root() request: RequestEntity) {
    const notice = await loaded(request.notice);
    if (notice.currentVersion) await loaded(notice.currentVersion);
    return notice;
  }

  @FieldResolver(() => String, { description: 'Path of the Mittelabruf form (XLSX) to GET with the same bearer token.' })
  reportPath(@Root() request: RequestEntity): string {
    return disbursementRequestPath(request.id);
  }

  @FieldResolver(() => [Warning], {
    description: 'Hinweise: e.g. money that the spending pace so far will not use within the spend deadline.',
  })
  warnings(@Root() request: RequestEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.requestWarnings.load(request);
  }

  @FieldResolver(() => [Payment], { description: 'The payments that answered this request.' })
  payments(@Root() request: RequestEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.requestPayments.load(request.id);
  }

  @Mutation(() => DisbursementRequest, { description: 'Records a Mittelabruf as a draft.' })
  createDisbursementRequest(
    @Arg('input', () => DisbursementRequestInput) input: DisbursementRequestInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return disbursements.createDisbursementRequest(em, access, input);
  }

  @Mutation(() => DisbursementRequest, { description: 'Edits a draft, submits or withdraws a Mittelabruf.' })
  updateDisbursementRequest(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => DisbursementRequestPatch) input: DisbursementRequestPatch,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return disbursements.updateDisbursementRequest(em, access, id, expectedVersion, input);
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => [Warning], { description: 'Hinweise: e.g. a payment date after today.' })
  warnings(@Root() payment: PaymentEntity): WarningView[] {
    return paymentWarnings(payment, todayInBerlin());
  }

  @FieldResolver(() => LocalDateScalar, { description: 'Verwendungsfrist: the money must be used by this day (Rule 5).' })
  async spendDeadline(@Root() payment: PaymentEntity): Promise<LocalDate> {
    const notice = await loaded(payment.notice);
    const program = await loaded(notice.fundingProgram);
    return addMonths(payment.paidOn, program.spendDeadlineMonths);
  }

  @FieldResolver(() => DisbursementRequest, { nullable: true, description: 'The Mittelabruf this payment answered.' })
  request(@Root() payment: PaymentEntity) {
    return payment.request ? loaded(payment.request) : null;
  }

  @FieldResolver(() => PaymentReversal, { nullable: true, description: 'The Storno, if the payment was reversed.' })
  reversal(@Root() payment: PaymentEntity) {
    return payment.reversal ? loaded(payment.reversal) : null;
  }

  @Mutation(() => Payment, { description: 'Books an Auszahlung received; refused when payments would exceed the approved amount.' })
  recordPayment(@Arg('input', () => PaymentInput) input: PaymentInput, @Ctx() { em, access }: RequestContext) {
    return disbursements.recordPayment(em, access, input);
  }

  @Mutation(() => Payment, { description: 'Storno: cancels a payment booked in error; its amount is free again.' })
  async reversePayment(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReversalInput) input: ReversalInput,
    @Ctx() { em, access }: RequestContext,
  ) {
    const reversal = await disbursements.reversePayment(em, access, id, input);
    return loaded(reversal.payment);
  }
}

@Resolver(() => BaseRate)
export class BaseRateResolver {
  @Query(() => [BaseRate], { description: 'Basiszinssätze of the Bundesbank, oldest first.' })
  baseRates(@Ctx() { em }: RequestContext) {
    return disbursements.listBaseRates(em);
  }

  @Mutation(() => BaseRate, { description: 'Sets the Basiszinssatz from a day on; replaces one recorded for the same day.' })
  setBaseRate(@Arg('input', () => BaseRateInput) input: BaseRateInput, @DryRun() _dryRun: boolean, @Ctx() { em, access }: RequestContext) {
    return disbursements.setBaseRate(em, access, input);
  }
}

@Resolver(() => GrantNotice)
export class GrantNoticeDisbursementResolver {
  @FieldResolver(() => Settlement, {
    description: 'Schlussabrechnung: a forecast as of `asOf` (default today) until finalised, then the finalised figures.',
  })
  settlement(
    @Root() notice: NoticeEntity,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf: LocalDate | null,
    @Ctx() { loaders }: RequestContext,
  ) {
    return loaders.settlement(asOf ?? todayInBerlin()).load(notice.id);
  }

  @FieldResolver(() => [DisbursementRequest], { description: 'Mittelabrufe, oldest first.' })
  disbursementRequests(@Root() notice: NoticeEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.disbursementRequests.load(notice.id);
  }

  @FieldResolver(() => [Payment], { description: 'Auszahlungen by payment date, reversed ones included.' })
  payments(@Root() notice: NoticeEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.payments.load(notice.id);
  }

  @FieldResolver(() => LocalDateScalar, { description: 'Vorlagefrist des Verwendungsnachweises (Rule 9).' })
  proofOfUseDue(@Root() notice: NoticeEntity) {
    return dueDateOf(notice);
  }

  @FieldResolver(() => Boolean, { description: 'Not submitted and past its due date, today in Germany.' })
  async proofOfUseOverdue(@Root() notice: NoticeEntity) {
    return isProofOfUseOverdue(await dueDateOf(notice), todayInBerlin(), notice.proofOfUseSubmittedOn ?? null);
  }

  @Mutation(() => Settlement, { description: 'Finalises the Schlussabrechnung as of a day, once; the notice becomes SETTLED.' })
  async finaliseSettlement(
    @Arg('grantNoticeId', () => ID) grantNoticeId: string,
    @Arg('asOf', () => LocalDateScalar) asOf: LocalDate,
    @Ctx() { em, access }: RequestContext,
  ) {
    return finaliseSettlement(em, access, grantNoticeId, asOf);
  }
}

@Resolver(() => Settlement)
export class SettlementResolver {
  @FieldResolver(() => SettlementInterest)
  async interest(
    @Root() settlement: SettlementFigures & { interest?: SettlementInterestView },
    @Ctx() { loaders }: RequestContext,
  ): Promise<SettlementInterestView> {
    const interest = settlement.interest ?? (await loaders.interest(settlement.asOf).load(settlement.noticeId));
    // A portion is kept at full precision for the computation and shown in cents.
    return { ...interest, portions: interest.portions.map((portion) => ({ ...portion, amount: roundMoney(portion.amount, 'HALF_UP') })) };
  }
}
