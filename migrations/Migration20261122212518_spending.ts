import { Migration } from '@mikro-orm/migrations';

export class Migration20261122212518_spending extends Migration {

  override name = 'Migration20261122212518_spending';

  override up(): void | Promise<void> {
    this.addSql(`create type "allocation_key" as enum ('EQUAL', 'FIXED_SHARES', 'POPULATION');`);
    this.addSql(`create type "expenditure_source" as enum ('MANUAL', 'IMPORT', 'SHARED_INVOICE');`);
    this.addSql(`create type "staff_cost_method" as enum ('ACTUAL', 'HOURS', 'FLAT_RATE');`);
    this.addSql(`create table "import_batch" ("id" uuid not null, "created_at" timestamptz not null, "notice_id" uuid not null, "file_name" text not null, "sha256" varchar(64) not null, "row_count" int not null, "total_amount" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`alter table "import_batch" add constraint "import_batch_file_unique" unique ("notice_id", "sha256");`);

    this.addSql(`create table "employee" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "employer_id" uuid not null, "name" text not null, "pay_group" text not null, primary key ("id"));`);
    this.addSql(`create index "employee_employer_idx" on "employee" ("employer_id");`);

    this.addSql(`create table "shared_invoice" ("id" uuid not null, "created_at" timestamptz not null, "cooperation_id" uuid not null, "funding_program_id" uuid not null, "category" "cost_category" not null, "receipt_number" text not null, "invoice_date" date not null, "payment_date" date null, "payee" text not null, "purpose" text not null, "total_amount" numeric(17,2) not null, "allocation_key" "allocation_key" not null, primary key ("id"));`);
    this.addSql(`create index "shared_invoice_cooperation_idx" on "shared_invoice" ("cooperation_id");`);

    this.addSql(`create table "expenditure" ("id" uuid not null, "created_at" timestamptz not null, "notice_id" uuid not null, "recipient_id" uuid not null, "receipt_number" text not null, "invoice_date" date not null, "payment_date" date null, "payee" text not null, "purpose" text not null, "category" "cost_category" not null, "amount" numeric(17,2) not null, "eligible_amount" numeric(17,2) not null, "remark" text null, "source" "expenditure_source" not null default 'MANUAL', "import_batch_id" uuid null, "shared_invoice_id" uuid null, primary key ("id"));`);
    this.addSql(`create index "expenditure_recipient_idx" on "expenditure" ("recipient_id");`);
    this.addSql(`create index "expenditure_import_batch_idx" on "expenditure" ("import_batch_id");`);
    this.addSql(`create index "expenditure_shared_invoice_idx" on "expenditure" ("shared_invoice_id");`);
    this.addSql(`create index "expenditure_notice_payment_date_idx" on "expenditure" ("notice_id", "payment_date");`);
    this.addSql(`create index "expenditure_notice_category_idx" on "expenditure" ("notice_id", "category");`);

    this.addSql(`create table "expenditure_reversal" ("id" uuid not null, "created_at" timestamptz not null, "expenditure_id" uuid not null, "reversed_on" date not null, "reason" text not null, primary key ("id"));`);
    this.addSql(`alter table "expenditure_reversal" add constraint "expenditure_reversal_unique" unique ("expenditure_id");`);

    this.addSql(`create table "shared_invoice_reversal" ("id" uuid not null, "created_at" timestamptz not null, "shared_invoice_id" uuid not null, "reversed_on" date not null, "reason" text not null, primary key ("id"));`);
    this.addSql(`alter table "shared_invoice_reversal" add constraint "shared_invoice_reversal_unique" unique ("shared_invoice_id");`);

    this.addSql(`create table "staff_allocation" ("id" uuid not null, "created_at" timestamptz not null, "employee_id" uuid not null, "notice_id" uuid not null, "recipient_id" uuid not null, "month" date not null, "method" "staff_cost_method" not null, "employer_cost" numeric(17,2) null, "project_hours" numeric(7,2) null, "working_hours" numeric(7,2) null, "annual_rate" numeric(17,2) null, "share" numeric(5,4) not null, "amount" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`create index "staff_allocation_recipient_idx" on "staff_allocation" ("recipient_id");`);
    this.addSql(`create index "staff_allocation_notice_idx" on "staff_allocation" ("notice_id");`);
    this.addSql(`create index "staff_allocation_employee_month_idx" on "staff_allocation" ("employee_id", "month");`);

    this.addSql(`create table "staff_allocation_reversal" ("id" uuid not null, "created_at" timestamptz not null, "allocation_id" uuid not null, "reversed_on" date not null, "reason" text not null, primary key ("id"));`);
    this.addSql(`alter table "staff_allocation_reversal" add constraint "staff_allocation_reversal_unique" unique ("allocation_id");`);

    this.addSql(`create table "staff_cost_rate" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "funding_program_id" uuid not null, "pay_group" text not null, "year" int not null, "annual_rate" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`alter table "staff_cost_rate" add constraint "staff_cost_rate_unique" unique ("funding_program_id", "pay_group", "year");`);

    this.addSql(`alter table "import_batch" add constraint "import_batch_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "import_batch" add constraint "import_batch_row_count_non_negative" check (row_count >= 0);`);

    this.addSql(`alter table "employee" add constraint "employee_employer_id_foreign" foreign key ("employer_id") references "recipient" ("id");`);

    this.addSql(`alter table "shared_invoice" add constraint "shared_invoice_cooperation_id_foreign" foreign key ("cooperation_id") references "cooperation" ("id");`);
    this.addSql(`alter table "shared_invoice" add constraint "shared_invoice_funding_program_id_foreign" foreign key ("funding_program_id") references "funding_program" ("id");`);
    this.addSql(`alter table "shared_invoice" add constraint "shared_invoice_total_non_negative" check (total_amount >= 0);`);

    this.addSql(`alter table "expenditure" add constraint "expenditure_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "expenditure" add constraint "expenditure_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "expenditure" add constraint "expenditure_import_batch_id_foreign" foreign key ("import_batch_id") references "import_batch" ("id") on delete no action;`);
    this.addSql(`alter table "expenditure" add constraint "expenditure_shared_invoice_id_foreign" foreign key ("shared_invoice_id") references "shared_invoice" ("id") on delete no action;`);
    this.addSql(`alter table "expenditure" add constraint "expenditure_amounts" check (amount >= 0 and eligible_amount >= 0 and eligible_amount <= amount);`);

    this.addSql(`alter table "expenditure_reversal" add constraint "expenditure_reversal_expenditure_id_foreign" foreign key ("expenditure_id") references "expenditure" ("id");`);

    this.addSql(`alter table "shared_invoice_reversal" add constraint "shared_invoice_reversal_shared_invoice_id_foreign" foreign key ("shared_invoice_id") references "shared_invoice" ("id");`);

    this.addSql(`alter table "staff_allocation" add constraint "staff_allocation_employee_id_foreign" foreign key ("employee_id") references "employee" ("id");`);
    this.addSql(`alter table "staff_allocation" add constraint "staff_allocation_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "staff_allocation" add constraint "staff_allocation_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "staff_allocation" add constraint "staff_allocation_month_first_day" check (extract(day from month) = 1);`);
    this.addSql(`alter table "staff_allocation" add constraint "staff_allocation_amount_non_negative" check (amount >= 0);`);
    this.addSql(`alter table "staff_allocation" add constraint "staff_allocation_share_range" check (share > 0 and share <= 1);`);

    this.addSql(`alter table "staff_allocation_reversal" add constraint "staff_allocation_reversal_allocation_id_foreign" foreign key ("allocation_id") references "staff_allocation" ("id");`);

    this.addSql(`alter table "staff_cost_rate" add constraint "staff_cost_rate_funding_program_id_foreign" foreign key ("funding_program_id") references "funding_program" ("id");`);
    this.addSql(`alter table "staff_cost_rate" add constraint "staff_cost_rate_non_negative" check (annual_rate >= 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "expenditure" drop constraint "expenditure_import_batch_id_foreign";`);
    this.addSql(`alter table "staff_allocation" drop constraint "staff_allocation_employee_id_foreign";`);
    this.addSql(`alter table "expenditure" drop constraint "expenditure_shared_invoice_id_foreign";`);
    this.addSql(`alter table "shared_invoice_reversal" drop constraint "shared_invoice_reversal_shared_invoice_id_foreign";`);
    this.addSql(`alter table "expenditure_reversal" drop constraint "expenditure_reversal_expenditure_id_foreign";`);
    this.addSql(`alter table "staff_allocation_reversal" drop constraint "staff_allocation_reversal_allocation_id_foreign";`);

    this.addSql(`drop table if exists "import_batch" cascade;`);
    this.addSql(`drop table if exists "employee" cascade;`);
    this.addSql(`drop table if exists "shared_invoice" cascade;`);
    this.addSql(`drop table if exists "expenditure" cascade;`);
    this.addSql(`drop table if exists "expenditure_reversal" cascade;`);
    this.addSql(`drop table if exists "shared_invoice_reversal" cascade;`);
    this.addSql(`drop table if exists "staff_allocation" cascade;`);
    this.addSql(`drop table if exists "staff_allocation_reversal" cascade;`);
    this.addSql(`drop table if exists "staff_cost_rate" cascade;`);

    this.addSql(`drop type "allocation_key";`);
    this.addSql(`drop type "expenditure_source";`);
    this.addSql(`drop type "staff_cost_method";`);
  }

}
