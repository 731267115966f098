import { Migration } from '@mikro-orm/migrations';

export class Migration20261123004833_reversal_notice extends Migration {

  override name = 'Migration20261123004833_reversal_notice';

  override up(): void | Promise<void> {
    // Existing reversals take their receipt's notice; receipts never move between notices.
    this.addSql(`alter table "expenditure_reversal" add "notice_id" uuid null;`);
    this.addSql(`update "expenditure_reversal" r set "notice_id" = e."notice_id" from "expenditure" e where e."id" = r."expenditure_id";`);
    this.addSql(`alter table "expenditure_reversal" alter column "notice_id" set not null;`);
    this.addSql(`alter table "expenditure_reversal" add constraint "expenditure_reversal_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`create index "expenditure_reversal_notice_idx" on "expenditure_reversal" ("notice_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "expenditure_reversal" drop constraint "expenditure_reversal_notice_id_foreign";`);

    this.addSql(`drop index "expenditure_reversal_notice_idx";`);
    this.addSql(`alter table "expenditure_reversal" drop column "notice_id";`);
  }

}
