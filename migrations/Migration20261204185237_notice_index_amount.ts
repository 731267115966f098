import { Migration } from '@mikro-orm/migrations';

export class Migration20261204185237_notice_index_amount extends Migration {

  override name = 'Migration20261204185237_notice_index_amount';

  override up(): void | Promise<void> {
    this.addSql(`drop index "expenditure_notice_idx";`);
    this.addSql(`create index "expenditure_notice_idx" on "expenditure" ("notice_id", "id") include ("category", "payment_date", "eligible_amount", "amount");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "expenditure_notice_idx";`);
    this.addSql(`create index "expenditure_notice_idx" on "expenditure" ("notice_id", "id") include ("category", "payment_date", "eligible_amount");`);
  }

}
