import { Migration } from '@mikro-orm/migrations';

/** The kinds of record whose states name their notice (`notice`), as the events hold them. */
const WITH_NOTICE = [
  'GrantNoticeVersion',
  'GrantAmendment',
  'Expenditure',
  'ExpenditureReversal',
  'ImportBatch',
  'StaffAllocation',
  'DisbursementRequest',
  'Payment',
  'FinalSettlement',
];

/** The kinds whose states name a record of a notice: the relation in the state, and that record's table. */
const THROUGH = [
  { entityType: 'BudgetLine', relation: 'noticeVersion', table: 'grant_notice_version' },
  { entityType: 'PaymentReversal', relation: 'payment', table: 'payment' },
  { entityType: 'StaffAllocationReversal', relation: 'allocation', table: 'staff_allocation' },
];

/**
 * Every event names the grant notice its record belongs to, so that a notice's trail is read along one
 * index. The column is not part of the hashed content: the events written so far keep their hashes,
 * and each gets its notice here from its own hashed states (for a budget line or a reversal, through
 * the record the state names).
 */
export class Migration20261204184102_audit_notice extends Migration {

  override name = 'Migration20261204184102_audit_notice';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_event" add "grant_notice_id" uuid null;`);

    this.addSql(`alter table "audit_event" disable trigger "append_only";`);
    this.addSql(`update "audit_event" set "grant_notice_id" = "entity_id"::uuid where "entity_type" = 'GrantNotice';`);
    this.addSql(
      `update "audit_event" set "grant_notice_id" = (coalesce("after", "before")->>'notice')::uuid
        where "entity_type" in (${WITH_NOTICE.map((type) => `'${type}'`).join(', ')});`,
    );
    for (const { entityType, relation, table } of THROUGH) {
      this.addSql(
        `update "audit_event" e set "grant_notice_id" = r."notice_id" from "${table}" r
          where e."entity_type" = '${entityType}' and r."id" = (coalesce(e."after", e."before")->>'${relation}')::uuid;`,
      );
    }
    this.addSql(`alter table "audit_event" enable trigger "append_only";`);

    this.addSql(`create index "audit_event_grant_notice_idx" on "audit_event" ("grant_notice_id", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_grant_notice_idx";`);
    this.addSql(`alter table "audit_event" drop column "grant_notice_id";`);
  }

}
