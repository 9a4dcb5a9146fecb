-- What the Supabase Postgres image provides before any app migration runs: the API roles (anon,
-- authenticated, service_role with BYPASSRLS, authenticator that PostgREST logs in as), the schemas and
-- extensions apps expect, default privileges and the empty supabase_realtime publication. Idempotent: roles are cluster-wide on a PostgreSQL server, and a
-- restart of devstack runs this again.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin nologin noinherit createrole;
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_admin') then
    create role supabase_admin nologin bypassrls;
  end if;
end
$$;

-- Supabase switched the API roles to INHERIT (20230529180330); PostgREST still SET ROLEs per request.
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to current_user;

create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;

-- config.toml exposes graphql_public; PostgREST needs the schema to exist even if empty.
create schema if not exists graphql_public;
grant usage on schema graphql_public to anon, authenticated, service_role;

-- The image's placeholder for pg_graphql's entry point when the extension is off (there is no pg_graphql
-- here): same signature, so `pnpm gen` types graphql_public as `supabase gen types` does.
create or replace function graphql_public.graphql(
  "operationName" text default null,
  query text default null,
  variables jsonb default null,
  extensions jsonb default null
)
returns jsonb
language sql
as $$
  select jsonb_build_object('errors', jsonb_build_array(
    jsonb_build_object('message', 'pg_graphql extension is not enabled.')));
$$;
grant execute on function graphql_public.graphql(text, text, jsonb, jsonb) to anon, authenticated, service_role;

-- Realtime's schema: the Phoenix-protocol server (next issue) keeps its state here.
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

-- The record of applied migrations, as the Supabase CLI keeps it.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[],
  applied_at timestamptz not null default now()
);
