import { Migration } from '@mikro-orm/migrations';

export class Migration20261122203549_grant_register extends Migration {

  override name = 'Migration20261122203549_grant_register';

  override up(): void | Promise<void> {
    this.addSql(`create type "cost_category" as enum ('STAFF', 'CONSULTING', 'SOFTWARE', 'HARDWARE', 'TRAINING', 'TRAVEL', 'OTHER');`);
    this.addSql(`create type "rounding_mode" as enum ('HALF_UP', 'HALF_EVEN', 'DOWN', 'UP');`);
    this.addSql(`create type "recipient_kind" as enum ('DISTRICT', 'CITY', 'MUNICIPALITY', 'ASSOCIATION');`);
    this.addSql(`create type "financing_type" as enum ('SHARE', 'DEFICIT', 'FIXED_AMOUNT', 'FULL');`);
    this.addSql(`create type "application_status" as enum ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN');`);
    this.addSql(`create type "grant_notice_status" as enum ('APPROVED', 'SETTLED', 'REVOKED');`);
    this.addSql(`create table "cooperation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" text not null, "agreement" text not null, "purpose" text null, primary key ("id"));`);

    this.addSql(`create table "funding_program" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "code" varchar(40) not null, "name" text not null, "granting_authority" text not null, "legal_basis" text not null, "max_rate" numeric(5,4) not null, "eligible_categories" "cost_category"[] not null, "rounding_mode" "rounding_mode" not null default 'HALF_UP', "line_tolerance" numeric(5,4) not null, "spend_deadline_months" int not null default 2, "proof_of_use_months" int not null default 6, "interest_margin" numeric(5,4) not null, primary key ("id"));`);
    this.addSql(`alter table "funding_program" add constraint "funding_program_code_unique" unique ("code");`);

    this.addSql(`create table "program_budget" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "funding_program_id" uuid not null, "year" int not null, "amount" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`alter table "program_budget" add constraint "program_budget_year_unique" unique ("funding_program_id", "year");`);

    this.addSql(`create table "recipient" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" text not null, "kind" "recipient_kind" not null, "ags" varchar(8) not null, "population" int null, primary key ("id"));`);
    this.addSql(`alter table "recipient" add constraint "recipient_ags_unique" unique ("ags");`);

    this.addSql(`create table "project" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "recipient_id" uuid not null, "cooperation_id" uuid null, "title" text not null, "description" text null, primary key ("id"));`);
    this.addSql(`create index "project_recipient_idx" on "project" ("recipient_id");`);
    this.addSql(`create index "project_cooperation_idx" on "project" ("cooperation_id");`);

    this.addSql(`create table "grant_application" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "funding_program_id" uuid not null, "recipient_id" uuid not null, "project_id" uuid not null, "reference" text null, "submitted_on" date null, "requested_amount" numeric(17,2) not null, "financing_type" "financing_type" not null, "status" "application_status" not null default 'DRAFT', primary key ("id"));`);
    this.addSql(`create index "grant_application_program_idx" on "grant_application" ("funding_program_id");`);
    this.addSql(`create index "grant_application_recipient_idx" on "grant_application" ("recipient_id");`);
    this.addSql(`create index "grant_application_project_idx" on "grant_application" ("project_id");`);

    this.addSql(`create table "grant_notice" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "reference" text not null, "notice_date" date not null, "funding_program_id" uuid not null, "recipient_id" uuid not null, "project_id" uuid not null, "application_id" uuid null, "status" "grant_notice_status" not null default 'APPROVED', "current_version_id" uuid null, primary key ("id"));`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_reference_unique" unique ("reference");`);
    this.addSql(`create index "grant_notice_program_idx" on "grant_notice" ("funding_program_id");`);
    this.addSql(`create index "grant_notice_recipient_idx" on "grant_notice" ("recipient_id");`);
    this.addSql(`create index "grant_notice_project_idx" on "grant_notice" ("project_id");`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_application_unique" unique ("application_id");`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_current_version_unique" unique ("current_version_id");`);

    this.addSql(`create table "grant_notice_version" ("id" uuid not null, "created_at" timestamptz not null, "notice_id" uuid not null, "version_no" int not null, "effective_from" date not null, "financing_type" "financing_type" not null, "rate" numeric(5,4) null, "eligible_costs" numeric(17,2) not null, "own_funds" numeric(17,2) not null, "third_party_funds" numeric(17,2) not null, "fixed_amount" numeric(17,2) null, "approved_amount" numeric(17,2) not null, "approval_start" date not null, "approval_end" date not null, "budget_year" int not null, primary key ("id"));`);
    this.addSql(`create index "grant_notice_version_budget_year_idx" on "grant_notice_version" ("budget_year");`);
    this.addSql(`alter table "grant_notice_version" add constraint "grant_notice_version_no_unique" unique ("notice_id", "version_no");`);

    this.addSql(`create table "budget_line" ("id" uuid not null, "created_at" timestamptz not null, "notice_version_id" uuid not null, "category" "cost_category" not null, "planned" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`alter table "budget_line" add constraint "budget_line_category_unique" unique ("notice_version_id", "category");`);

    this.addSql(`create table "grant_amendment" ("id" uuid not null, "created_at" timestamptz not null, "notice_id" uuid not null, "reference" text not null, "amendment_date" date not null, "reason" text not null, "resulting_version_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "grant_amendment_notice_idx" on "grant_amendment" ("notice_id");`);
    this.addSql(`alter table "grant_amendment" add constraint "grant_amendment_version_unique" unique ("resulting_version_id");`);
    this.addSql(`alter table "grant_amendment" add constraint "grant_amendment_reference_unique" unique ("notice_id", "reference");`);

    this.addSql(`create table "application_line" ("id" uuid not null, "created_at" timestamptz not null, "application_id" uuid not null, "category" "cost_category" not null, "planned" numeric(17,2) not null, primary key ("id"));`);
    this.addSql(`alter table "application_line" add constraint "application_line_category_unique" unique ("application_id", "category");`);

    this.addSql(`create table "cooperation_membership" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "cooperation_id" uuid not null, "recipient_id" uuid not null, "is_lead" boolean not null default false, "joined_on" date not null, "left_on" date null, primary key ("id"));`);
    this.addSql(`create index "cooperation_membership_recipient_idx" on "cooperation_membership" ("recipient_id");`);
    this.addSql(`create unique index "cooperation_membership_one_lead" on "cooperation_membership" ("cooperation_id") where is_lead and left_on is null;`);
    this.addSql(`alter table "cooperation_membership" add constraint "cooperation_membership_unique" unique ("cooperation_id", "recipient_id", "joined_on");`);

    this.addSql(`create table "cooperation_resolution" ("id" uuid not null, "created_at" timestamptz not null, "membership_id" uuid not null, "body" text not null, "number" text not null, "adopted_on" date not null, "subject" text not null, primary key ("id"));`);

    this.addSql(`alter table "funding_program" add constraint "funding_program_proof_of_use_months_range" check (proof_of_use_months >= 0);`);
    this.addSql(`alter table "funding_program" add constraint "funding_program_spend_deadline_months_range" check (spend_deadline_months >= 0);`);
    this.addSql(`alter table "funding_program" add constraint "funding_program_interest_margin_range" check (interest_margin >= 0 and interest_margin <= 1);`);
    this.addSql(`alter table "funding_program" add constraint "funding_program_line_tolerance_range" check (line_tolerance >= 0 and line_tolerance <= 1);`);
    this.addSql(`alter table "funding_program" add constraint "funding_program_max_rate_range" check (max_rate >= 0 and max_rate <= 1);`);

    this.addSql(`alter table "program_budget" add constraint "program_budget_funding_program_id_foreign" foreign key ("funding_program_id") references "funding_program" ("id");`);
    this.addSql(`alter table "program_budget" add constraint "program_budget_year_range" check (year >= 1990 and year <= 2999);`);
    this.addSql(`alter table "program_budget" add constraint "program_budget_amount_non_negative" check (amount >= 0);`);

    this.addSql(`alter table "recipient" add constraint "recipient_population_non_negative" check (population is null or population >= 0);`);
    this.addSql(`alter table "recipient" add constraint "recipient_ags_format" check (ags ~ '^[0-9]{5}([0-9]{3})?\$');`);

    this.addSql(`alter table "project" add constraint "project_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "project" add constraint "project_cooperation_id_foreign" foreign key ("cooperation_id") references "cooperation" ("id") on delete no action;`);

    this.addSql(`alter table "grant_application" add constraint "grant_application_funding_program_id_foreign" foreign key ("funding_program_id") references "funding_program" ("id");`);
    this.addSql(`alter table "grant_application" add constraint "grant_application_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "grant_application" add constraint "grant_application_project_id_foreign" foreign key ("project_id") references "project" ("id");`);
    this.addSql(`alter table "grant_application" add constraint "grant_application_requested_non_negative" check (requested_amount >= 0);`);

    this.addSql(`alter table "grant_notice" add constraint "grant_notice_funding_program_id_foreign" foreign key ("funding_program_id") references "funding_program" ("id");`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_project_id_foreign" foreign key ("project_id") references "project" ("id");`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_application_id_foreign" foreign key ("application_id") references "grant_application" ("id") on delete no action;`);
    this.addSql(`alter table "grant_notice" add constraint "grant_notice_current_version_id_foreign" foreign key ("current_version_id") references "grant_notice_version" ("id") on delete no action;`);

    this.addSql(`alter table "grant_notice_version" add constraint "grant_notice_version_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "grant_notice_version" add constraint "grant_notice_version_no_positive" check (version_no >= 1);`);
    this.addSql(`alter table "grant_notice_version" add constraint "grant_notice_version_period" check (approval_start <= approval_end);`);
    this.addSql(`alter table "grant_notice_version" add constraint "grant_notice_version_amounts_non_negative" check (eligible_costs >= 0 and own_funds >= 0 and third_party_funds >= 0 and approved_amount >= 0 and (fixed_amount is null or fixed_amount >= 0));`);
    this.addSql(`alter table "grant_notice_version" add constraint "grant_notice_version_rate_range" check (rate is null or (rate >= 0 and rate <= 1));`);

    this.addSql(`alter table "budget_line" add constraint "budget_line_notice_version_id_foreign" foreign key ("notice_version_id") references "grant_notice_version" ("id");`);
    this.addSql(`alter table "budget_line" add constraint "budget_line_planned_non_negative" check (planned >= 0);`);

    this.addSql(`alter table "grant_amendment" add constraint "grant_amendment_notice_id_foreign" foreign key ("notice_id") references "grant_notice" ("id");`);
    this.addSql(`alter table "grant_amendment" add constraint "grant_amendment_resulting_version_id_foreign" foreign key ("resulting_version_id") references "grant_notice_version" ("id");`);

    this.addSql(`alter table "application_line" add constraint "application_line_application_id_foreign" foreign key ("application_id") references "grant_application" ("id");`);
    this.addSql(`alter table "application_line" add constraint "application_line_planned_non_negative" check (planned >= 0);`);

    this.addSql(`alter table "cooperation_membership" add constraint "cooperation_membership_cooperation_id_foreign" foreign key ("cooperation_id") references "cooperation" ("id");`);
    this.addSql(`alter table "cooperation_membership" add constraint "cooperation_membership_recipient_id_foreign" foreign key ("recipient_id") references "recipient" ("id");`);
    this.addSql(`alter table "cooperation_membership" add constraint "cooperation_membership_period" check (left_on is null or left_on >= joined_on);`);

    this.addSql(`alter table "cooperation_resolution" add constraint "cooperation_resolution_membership_id_foreign" foreign key ("membership_id") references "cooperation_membership" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "project" drop constraint "project_cooperation_id_foreign";`);
    this.addSql(`alter table "cooperation_membership" drop constraint "cooperation_membership_cooperation_id_foreign";`);
    this.addSql(`alter table "program_budget" drop constraint "program_budget_funding_program_id_foreign";`);
    this.addSql(`alter table "grant_application" drop constraint "grant_application_funding_program_id_foreign";`);
    this.addSql(`alter table "grant_notice" drop constraint "grant_notice_funding_program_id_foreign";`);
    this.addSql(`alter table "project" drop constraint "project_recipient_id_foreign";`);
    this.addSql(`alter table "grant_application" drop constraint "grant_application_recipient_id_foreign";`);
    this.addSql(`alter table "grant_notice" drop constraint "grant_notice_recipient_id_foreign";`);
    this.addSql(`alter table "cooperation_membership" drop constraint "cooperation_membership_recipient_id_foreign";`);
    this.addSql(`alter table "grant_application" drop constraint "grant_application_project_id_foreign";`);
    this.addSql(`alter table "grant_notice" drop constraint "grant_notice_project_id_foreign";`);
    this.addSql(`alter table "grant_notice" drop constraint "grant_notice_application_id_foreign";`);
    this.addSql(`alter table "application_line" drop constraint "application_line_application_id_foreign";`);
    this.addSql(`alter table "grant_notice_version" drop constraint "grant_notice_version_notice_id_foreign";`);
    this.addSql(`alter table "grant_amendment" drop constraint "grant_amendment_notice_id_foreign";`);
    this.addSql(`alter table "grant_notice" drop constraint "grant_notice_current_version_id_foreign";`);
    this.addSql(`alter table "budget_line" drop constraint "budget_line_notice_version_id_foreign";`);
    this.addSql(`alter table "grant_amendment" drop constraint "grant_amendment_resulting_version_id_foreign";`);
    this.addSql(`alter table "cooperation_resolution" drop constraint "cooperation_resolution_membership_id_foreign";`);

    this.addSql(`drop table if exists "cooperation" cascade;`);
    this.addSql(`drop table if exists "funding_program" cascade;`);
    this.addSql(`drop table if exists "program_budget" cascade;`);
    this.addSql(`drop table if exists "recipient" cascade;`);
    this.addSql(`drop table if exists "project" cascade;`);
    this.addSql(`drop table if exists "grant_application" cascade;`);
    this.addSql(`drop table if exists "grant_notice" cascade;`);
    this.addSql(`drop table if exists "grant_notice_version" cascade;`);
    this.addSql(`drop table if exists "budget_line" cascade;`);
    this.addSql(`drop table if exists "grant_amendment" cascade;`);
    this.addSql(`drop table if exists "application_line" cascade;`);
    this.addSql(`drop table if exists "cooperation_membership" cascade;`);
    this.addSql(`drop table if exists "cooperation_resolution" cascade;`);

    this.addSql(`drop type "cost_category";`);
    this.addSql(`drop type "rounding_mode";`);
    this.addSql(`drop type "recipient_kind";`);
    this.addSql(`drop type "financing_type";`);
    this.addSql(`drop type "application_status";`);
    this.addSql(`drop type "grant_notice_status";`);
  }

}
