import { Migration } from '@mikro-orm/migrations';

export class Migration20261202181401_receipt_number_index extends Migration {

  override name = 'Migration20261202181401_receipt_number_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "expenditure_receipt_number_idx" on "expenditure" ("notice_id", "receipt_number");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "expenditure_receipt_number_idx";`);
  }

}
