-- Billing: what a store may use (plans), what it pays for (its subscription, kept in step with Stripe by
-- the stripe-webhook function), what it used (a ledger with one row per counted thing), and the notices its
-- owners get. Caps are taken where the work happens, in the same transaction (see *_billing_caps.sql).
--
-- Readable by the store's owners and admins; written by the service role only (the webhook, the billing
-- function and the SQL functions that count), never by a signed-in user.

create type public.billing_status as enum
  ('none', 'active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused');
create type public.usage_meter as enum ('conversations', 'ai_answers');

-- ---------------------------------------------------------------------------------------------
-- Plans: a catalog, not tenant data (every signed-in user may compare them). Limits null = unlimited.
-- Changed with SQL, never with code: a price change is a new Stripe price under the same lookup key.
create table public.plans (
  id text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
  name text not null,
  position int not null,
  -- the Stripe price this plan is bought with (prices.list?lookup_keys[]=…); null: free, nothing to buy
  price_lookup_key text unique,
  -- a metered price for conversations over the cap (only plans that allow overage)
  overage_lookup_key text unique,
  monthly_price_cents int not null default 0 check (monthly_price_cents >= 0),
  currency text not null default 'eur',
  max_chatbots int check (max_chatbots >= 0),
  max_seats int check (max_seats >= 1),
  max_conversations_per_month int check (max_conversations_per_month >= 0),
  -- answers from a model on Parley's key; answers on the store's own provider key are never counted
  max_ai_answers_per_month int check (max_ai_answers_per_month >= 0),
  allows_overage boolean not null default false,
  features text[] not null default '{}',
  active boolean not null default true,
  check (not allows_overage or overage_lookup_key is not null)
);
alter table public.plans enable row level security;
create policy "plans: signed-in users select" on public.plans
  for select to authenticated using ((select auth.uid()) is not null);

insert into public.plans (id, name, position, price_lookup_key, overage_lookup_key, monthly_price_cents,
  max_chatbots, max_seats, max_conversations_per_month, max_ai_answers_per_month, allows_overage, features) values
  ('free', 'Free', 1, null, null, 0, 1, 5, 100, 50, false,
    '{widget,faqs,knowledge,handoff}'),
  ('starter', 'Starter', 2, 'parley_starter_monthly', null, 1900, 5, 10, 1000, 1000, false,
    '{widget,faqs,knowledge,handoff,automations,own_ai_key}'),
  ('pro', 'Pro', 3, 'parley_pro_monthly', 'parley_pro_conversations_overage', 7900, 20, 25, 10000, 10000, true,
    '{widget,faqs,knowledge,handoff,automations,own_ai_key,identity_verification,overage}');

-- ---------------------------------------------------------------------------------------------
-- One row per store: its plan and the Stripe subscription behind it. stripe_state_at is when Stripe made
-- the state we hold (the event's `created`): an older event never overwrites it.
create table public.store_subscriptions (
  store_id uuid primary key references public.stores (id) on delete cascade,
  plan_id text not null default 'free' references public.plans (id),
  status public.billing_status not null default 'none',
  stripe_customer_id text unique,
  stripe_subscription_id text unique,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  stripe_state_at timestamptz,
  updated_at timestamptz not null default now()
);
create index store_subscriptions_plan_id_idx on public.store_subscriptions (plan_id);
alter table public.store_subscriptions enable row level security;
create policy "store_subscriptions: owners and admins select" on public.store_subscriptions
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

create or replace function private.store_subscription_row()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.store_subscriptions (store_id) values (new.id) on conflict do nothing;
  return null;
end;
$$;
create trigger stores_subscription_row after insert on public.stores
  for each row execute function private.store_subscription_row();
insert into public.store_subscriptions (store_id) select id from public.stores on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- The usage ledger: one row per counted thing (a conversation, an AI answer), unique by what caused it,
-- so a retried request never counts twice. Meters and the usage page are computed from it.
create table public.usage_ledger (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  meter public.usage_meter not null,
  quantity int not null default 1 check (quantity > 0),
  occurred_at timestamptz not null default now(),
  source_id text not null check (char_length(source_id) between 1 and 200),
  -- counted beyond the plan's cap (billed as overage where the plan allows it)
  overage boolean not null default false,
  unique (store_id, meter, source_id)
);
create index usage_ledger_store_meter_time_idx on public.usage_ledger (store_id, meter, occurred_at);
alter table public.usage_ledger enable row level security;
create policy "usage_ledger: owners and admins select" on public.usage_ledger
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- The running totals the caps are taken against: one row per store, meter and period, updated in the
-- transaction that does the work (row-locked, so concurrent requests can never overshoot).
create table private.usage_counters (
  store_id uuid not null references public.stores (id) on delete cascade,
  meter public.usage_meter not null,
  period_start timestamptz not null,
  used int not null default 0,
  primary key (store_id, meter, period_start)
);
alter table private.usage_counters enable row level security;
revoke all on private.usage_counters from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Stripe's events, stored by id before they are applied: a replay finds its row and changes nothing.
create table public.stripe_events (
  id text primary key check (id ~ '^evt_'),
  type text not null,
  -- the store it concerns, once known (null: not ours, or not yet applied)
  store_id uuid references public.stores (id) on delete set null,
  created_at timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text
);
create index stripe_events_store_id_idx on public.stripe_events (store_id);
alter table public.stripe_events enable row level security;
create policy "stripe_events: owners and admins select" on public.stripe_events
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- Invoices as Stripe last described them (for the billing page's recent invoices).
create table public.billing_invoices (
  id text primary key check (id ~ '^in_'),
  store_id uuid not null references public.stores (id) on delete cascade,
  number text,
  status text not null,
  amount_due int not null,
  amount_paid int not null,
  currency text not null,
  hosted_invoice_url text,
  period_start timestamptz,
  period_end timestamptz,
  created_at timestamptz not null,
  stripe_state_at timestamptz not null
);
create index billing_invoices_store_id_idx on public.billing_invoices (store_id, created_at desc);
alter table public.billing_invoices enable row level security;
create policy "billing_invoices: owners and admins select" on public.billing_invoices
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- ---------------------------------------------------------------------------------------------
-- What owners are told: 80 % and 100 % of a meter, a refused payment. Shown in the dashboard; a job per
-- notice (billing.notice) is where e-mail goes once an e-mail provider exists. One notice per store, kind
-- and period (once_per).
create table public.billing_notices (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  kind text not null check (kind in ('usage_80', 'usage_100', 'payment_failed')),
  meter public.usage_meter,
  message text not null,
  once_per text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (store_id, once_per)
);
create index billing_notices_store_id_idx on public.billing_notices (store_id, created_at desc);
alter table public.billing_notices enable row level security;
create policy "billing_notices: owners and admins select" on public.billing_notices
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- Signed-in users read (where the policies above let them); only the service role writes.
revoke all on public.plans, public.store_subscriptions, public.usage_ledger, public.stripe_events,
  public.billing_invoices, public.billing_notices from anon, authenticated, service_role;
grant select on public.plans, public.store_subscriptions, public.usage_ledger, public.stripe_events,
  public.billing_invoices, public.billing_notices to authenticated;
grant all on public.plans, public.store_subscriptions, public.usage_ledger, public.stripe_events,
  public.billing_invoices, public.billing_notices to service_role;
revoke execute on function private.store_subscription_row() from public;
