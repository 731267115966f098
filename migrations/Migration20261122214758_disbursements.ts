import { Migration } from '@mikro-orm/migrations';

export class Migration20261122214758_disbursements extends Migration {

  override name = 'Migration20261122214758_disbursements';

  override up(): void | Promise<void> {
    this.addSql(`create type "disbursement_status" as enum ('DRAFT', 'SUBMITTED', 'PAID', 'WITHDRAWN');`);
    this.addSql(`create table "base_rate" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "valid_from" date not null, "rate" numeric(5,4) not null, primary key ("id"));`);
    this.addSql(`alter table "base_rate" add constraint "base_rate_valid_from_unique" unique ("valid_from");`);

    this.addSql(`create table "final_settlement" ("id" uuid not null, "created_at" timestamptz not null, "notice_id" uuid not null, "as_of" date not null, "notice_version_no" int not null, "recognised_total" numeric(17,2) not null, "actual_third_party_funds" numeric(17,2) not null, "final_grant" numeric(17,2) not null, "paid_total" numeric(17,2) not null, "balance" numeric(17,2) not null, "interest" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`alter table "final_settlement" add constraint "final_settlement_notice_unique" unique ("notice_id");`);

    this.addSql(`create table "disbursement_request" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "notice_id" uuid not null, "recipient_id" uuid not null, "requested_on" date not null, "amount" numeric(17,2) not null, "purpose" text not null, "status" "disbursement_status" not null default 'DRAFT', primary key ("id"));`);
    this.addSql(`create index "disbursement_request_recipient_idx" on "disbursement_request" ("recipient_id");`);
    this.addSql(`create index "disbursement_request_notice_idx" on "disbursement_request" ("notice_id");`);

    this.addSql(`create table "payment" ("id" uuid not null, "created_at" timestamptz not null, "notice_id" uuid not null, "recipient_id" uuid not null, "request_id" uuid null, "paid_on" date not null, "amount" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`create index "payment_recipient_idx" on "payment" ("recipient_id");`);
    this.addSql(`create index "payment_request_idx" on "payment" ("request_id");`);
    this.addSql(`create index "payment_notice_idx" on "payment" ("notice_id", "paid_on");`);

    this.addSql(`create table "payment_reversal" ("id" uuid not null, "created_at" timestamptz not null, "payment_id" uuid not null, "reversed_on" date not null, "reason" text not null, primary key ("id"));`);
    this.addSql(`alter table "payment_reversal" add constraint "payment_reversal_unique" unique ("payment_id");`);

    this.addSql(`alter table "grant_notice" add "actual_third_party_funds" numeric(17,2) null, add "proof_of_use_submitted_on" date null;`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_actual_third_party_non_negative" check (actual_third_party_funds is null or actual_third_party_funds >= 0);`);

    this.addSql(`alter table "final_settlement" add constraint "final_settlement_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);

    this.addSql(`alter table "disbursement_request" add constraint "disbursement_request_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "disbursement_request" add constraint "disbursement_request_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "disbursement_request" add constraint "disbursement_request_amount_positive" check (amount > 0);`);

    this.addSql(`alter table "payment" add constraint "payment_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "payment" add constraint "payment_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "payment" add constraint "payment_request_id_foreign" foreign key ("request_id") references "disbursement_request" ("id") on delete no action;`);
    this.addSql(`alter table "payment" add constraint "payment_amount_positive" check (amount > 0);`);
    this.addSql(`create or replace function "payment_payment_within_approved_amount_fn"() returns trigger as \$\$ begin declare
    approved numeric;     paid numeric;   begin
    select v.approved_amount into approved
      from grant_notice n join grant_notice_version v on v.id = n.current_version_id
     where n.id = new.notice_id
       for update of n;     select coalesce(sum(p.amount), 0) into paid
      from payment p
     where p.notice_id = new.notice_id
       and not exists (select 1 from payment_reversal r where r.payment_id = p.id);     if paid + new.amount > approved then
      raise exception 'payments % exceed the approved amount %', paid + new.amount, approved
        using errcode = 'check_violation', constraint = 'payment_within_approved_amount';     end if;     return new;   end; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "payment_within_approved_amount" BEFORE INSERT on "payment" for each ROW execute function "payment_payment_within_approved_amount_fn"();`);

    this.addSql(`alter table "payment_reversal" add constraint "payment_reversal_payment_id_foreign" foreign key ("payment_id") references "payment" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "payment" drop constraint "payment_request_id_foreign";`);
    this.addSql(`alter table "payment_reversal" drop constraint "payment_reversal_payment_id_foreign";`);

    this.addSql(`drop table if exists "base_rate" cascade;`);
    this.addSql(`drop table if exists "final_settlement" cascade;`);
    this.addSql(`drop table if exists "disbursement_request" cascade;`);
    this.addSql(`drop trigger if exists "payment_within_approved_amount" on "payment";`);
    this.addSql(`drop function if exists "payment_payment_within_approved_amount_fn"();`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "payment_reversal" cascade;`);

    this.addSql(`alter table "grant_notice" drop constraint "grant_notice_actual_third_party_non_negative";`);
    this.addSql(`alter table "grant_notice" drop column "actual_third_party_funds", drop column "proof_of_use_submitted_on";`);

    this.addSql(`drop type "disbursement_status";`);
  }

}
