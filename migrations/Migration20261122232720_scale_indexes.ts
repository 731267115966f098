import { Migration } from '@mikro-orm/migrations';

export class Migration20261122232720_scale_indexes extends Migration {

  override name = 'Migration20261122232720_scale_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "audit_event_entity_idx";`);
    this.addSql(`create index "audit_event_entity_idx" on "audit_event" ("entity_id");`);

    this.addSql(`create index "cooperation_resolution_membership_idx" on "cooperation_resolution" ("membership_id");`);

    this.addSql(`create index "shared_invoice_funding_program_idx" on "shared_invoice" ("funding_program_id");`);

    this.addSql(`drop index "expenditure_notice_category_idx";`);
    this.addSql(`drop index "expenditure_notice_payment_date_idx";`);
    this.addSql(`create index "expenditure_notice_idx" on "expenditure" ("notice_id", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_entity_idx";`);
    this.addSql(`create index "audit_event_entity_idx" on "audit_event" ("entity_type", "entity_id");`);

    this.addSql(`drop index "cooperation_resolution_membership_idx";`);

    this.addSql(`drop index "expenditure_notice_idx";`);
    this.addSql(`create index "expenditure_notice_category_idx" on "expenditure" ("notice_id", "category");`);
    this.addSql(`create index "expenditure_notice_payment_date_idx" on "expenditure" ("notice_id", "payment_date");`);

    this.addSql(`drop index "shared_invoice_funding_program_idx";`);
  }

}
