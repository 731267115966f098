import { Migration } from '@mikro-orm/migrations';

export class Migration20261204184953_reminders extends Migration {

  override name = 'Migration20261204184953_reminders';

  override up(): void | Promise<void> {
    this.addSql(`create table "app_user" ("subject" text not null, "name" text not null, "role" text not null, "recipient_ags" jsonb not null, "cooperation_id" uuid null, "email" text null, "signed_in_at" timestamptz not null, primary key ("subject"));`);

    this.addSql(`create table "calendar_feed" ("id" text not null, "subject" text not null, "name" text not null, "role" text not null, "recipient_ags" jsonb not null, "cooperation_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "calendar_feed_subject_idx" on "calendar_feed" ("subject");`);

    this.addSql(`create table "reminder_sent" ("id" uuid not null, "deadline_key" text not null, "address" text not null, "offset_days" int not null, "sent_on" date not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "reminder_sent" add constraint "reminder_sent_once_key" unique ("deadline_key", "address", "offset_days");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "calendar_feed" cascade;`);
    this.addSql(`drop table if exists "reminder_sent" cascade;`);
  }

}
