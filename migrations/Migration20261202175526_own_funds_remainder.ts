import { Migration } from '@mikro-orm/migrations';

export class Migration20261202175526_own_funds_remainder extends Migration {

  override name = 'Migration20261202175526_own_funds_remainder';

  override up(): void | Promise<void> {
    this.addSql(`alter table "grant_notice_version" add "own_funds_is_remainder" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "grant_notice_version" drop column "own_funds_is_remainder";`);
  }

}
