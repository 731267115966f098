import { Migration } from '@mikro-orm/migrations';

export class Migration20261203083051_user_sessions extends Migration {

  override name = 'Migration20261203083051_user_sessions';

  override up(): void | Promise<void> {
    this.addSql(`create table "user_session" ("id" text not null, "subject" text not null, "name" text not null, "role" text not null, "recipient_ags" jsonb not null, "cooperation_id" uuid null, "csrf_token" text not null, "method" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "user_session_expires_at_idx" on "user_session" ("expires_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "user_session" cascade;`);
  }

}
