import { Migration } from '@mikro-orm/migrations';

export class Migration20261123005343_budget_check_index extends Migration {

  override name = 'Migration20261123005343_budget_check_index';

  override up(): void | Promise<void> {
    this.addSql(`drop index "expenditure_notice_idx";`);
    this.addSql(`create index "expenditure_notice_idx" on "expenditure" ("notice_id", "id") include ("category", "payment_date", "eligible_amount");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "expenditure_notice_idx";`);
    this.addSql(`create index "expenditure_notice_idx" on "expenditure" ("notice_id", "id");`);
  }

}
