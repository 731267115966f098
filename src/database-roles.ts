// Two database roles, so that the service cannot rewrite the audit trail: the owner of the schema
// migrates it, the service's role reads and writes the business tables but may only INSERT and
// SELECT audit events and has no DDL rights (no ALTER, DROP, TRUNCATE, no trigger changes).
import { createHash } from 'node:crypto';

export interface DatabaseRoles {
  /** Owns the tables, types and functions; migrations run as this role. */
  owner: string;
  /** What the service's statements run as. */
  service: string;
}

/** The roles of the embedded database (the cluster is the data directory's alone). */
export const EMBEDDED_ROLES: DatabaseRoles = { owner: 'grants_owner', service: 'grants_service' };

/**
 * The roles of a PostgreSQL database, named after it: roles belong to the whole cluster, and several
 * databases (the tests', a copy for a benchmark) share one. A long name is shortened with a hash to
 * stay within PostgreSQL's 63 bytes.
 */
export function rolesOf(databaseName: string): DatabaseRoles {
  const base =
    Buffer.byteLength(databaseName) <= 48
      ? databaseName
      : `${databaseName.slice(0, 30)}_${createHash('sha256').update(databaseName).digest('hex').slice(0, 8)}`;
  return { owner: `${base}_owner`, service: `${base}_service` };
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Creates the two roles when missing (without login: the connected role switches to them with SET
 * ROLE), lets the connected role switch to them, gives the owner the schema and everything in it
 * (a database migrated before the roles existed belongs to the connected role), and takes CREATE on
 * the schema from everybody else. Run by a role that may create roles; idempotent.
 */
export function roleSetUpStatement(roles: DatabaseRoles): string {
  return `do $$
    declare
      owner_role text := ${quoteLiteral(roles.owner)};
      service_role text := ${quoteLiteral(roles.service)};
      item record;
    begin
      if not exists (select from pg_roles where rolname = owner_role) then
        execute format('create role %I nologin', owner_role);
      end if;
      if not exists (select from pg_roles where rolname = service_role) then
        execute format('create role %I nologin', service_role);
      end if;
      execute format('grant %I, %I to current_user', owner_role, service_role);
      execute format('grant usage, create on schema public to %I', owner_role);
      execute format('grant usage on schema public to %I', service_role);
      revoke create on schema public from public;
      for item in
        select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f') and c.relowner <> owner_role::regrole
      loop
        execute format('alter table %s owner to %I', item.name, owner_role);
      end loop;
      for item in
        select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'S' and c.relowner <> owner_role::regrole
           and not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
      loop
        execute format('alter sequence %s owner to %I', item.name, owner_role);
      end loop;
      for item in
        select t.oid::regtype as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
         where n.nspname = 'public' and t.typtype in ('e', 'd') and t.typowner <> owner_role::regrole
      loop
        execute format('alter type %s owner to %I', item.name, owner_role);
      end loop;
      for item in
        select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and p.proowner <> owner_role::regrole
      loop
        execute format('alter routine %s owner to %I', item.name, owner_role);
      end loop;
    end $$`;
}

/**
 * What the owner grants the service's role after migrating: reading and writing every business
 * table, but of the audit trail only reading and appending, and of the migrations table only
 * reading. Nothing on the schema itself (CREATE) and no TRUNCATE, REFERENCES or TRIGGER anywhere.
 */
export function serviceGrantStatements(serviceRole: string): string[] {
  const role = quoteIdent(serviceRole);
  return [
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    `revoke update, delete, truncate, references, trigger on audit_event from ${role}`,
    `revoke insert, update, delete, truncate, references, trigger on schema_migrations from ${role}`,
  ];
}

/** `set role …` for the service's or the owner's statements. */
export function setRoleStatement(role: string): string {
  return `set role ${quoteIdent(role)}`;
}
