-- Billing tables: readable by the owners and admins of their store only (agents, outsiders, visitors and
-- anon see nothing), written by the service role only. Plans are a catalog every signed-in user may read.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(157);

-- One row of each per store (store_subscriptions rows come with the stores).
reset role;
insert into public.usage_ledger (store_id, meter, source_id) values
  (tests.store_id('A'), 'conversations', 'session-a'), (tests.store_id('B'), 'conversations', 'session-b');
insert into public.stripe_events (id, type, store_id, created_at, payload) values
  ('evt_a', 'invoice.paid', tests.store_id('A'), now(), '{}'), ('evt_b', 'invoice.paid', tests.store_id('B'), now(), '{}');
insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values
  ('in_a', tests.store_id('A'), 'paid', 1900, 1900, 'eur', now(), now()),
  ('in_b', tests.store_id('B'), 'paid', 1900, 1900, 'eur', now(), now());
insert into public.billing_notices (store_id, kind, message, once_per) values
  (tests.store_id('A'), 'usage_80', '80 %', 'a'), (tests.store_id('B'), 'usage_80', '80 %', 'b');


-- store_subscriptions
select tests.as_anon();
select throws_ok($$ select store_id from public.store_subscriptions $$, '42501', null, 'anon cannot select store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'anon cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'anon cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'anon cannot delete store_subscriptions');
select tests.as_user('outsider');
select is(tests.seen('public.store_subscriptions'), '', 'outsider sees no store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'outsider cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'outsider cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'outsider cannot delete store_subscriptions');
select tests.as_user('visitor');
select is(tests.seen('public.store_subscriptions'), '', 'visitor sees no store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'visitor cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'visitor cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'visitor cannot delete store_subscriptions');
select tests.as_user('agent');
select is(tests.seen('public.store_subscriptions'), '', 'agent sees no store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'agent cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'agent cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'agent cannot delete store_subscriptions');
select tests.as_user('admin');
select is(tests.seen('public.store_subscriptions'), 'A', 'admin sees store A store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'admin cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'admin cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'admin cannot delete store_subscriptions');
select tests.as_user('other_owner');
select is(tests.seen('public.store_subscriptions'), 'B', 'other_owner sees store B store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'other_owner cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'other_owner cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'other_owner cannot delete store_subscriptions');
select tests.as_user('owner');
select is(tests.seen('public.store_subscriptions'), 'A', 'owner sees store A store_subscriptions');
select throws_ok($sql$ insert into public.store_subscriptions (store_id) values (tests.store_id('A')) $sql$, '42501', null, 'owner cannot insert store_subscriptions');
select throws_ok($sql$ update public.store_subscriptions set plan_id = 'pro' $sql$, '42501', null, 'owner cannot update store_subscriptions');
select throws_ok($sql$ delete from public.store_subscriptions $sql$, '42501', null, 'owner cannot delete store_subscriptions');
select tests.as_service();
select is(tests.seen_fixtures('public.store_subscriptions'), 'A,B', 'service_role sees every store''s store_subscriptions');
select is(tests.affected($sql$ update public.store_subscriptions set cancel_at_period_end = cancel_at_period_end $sql$) >= 2, true, 'service_role updates store_subscriptions');

-- usage_ledger
select tests.as_anon();
select throws_ok($$ select store_id from public.usage_ledger $$, '42501', null, 'anon cannot select usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'anon cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'anon cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'anon cannot delete usage_ledger');
select tests.as_user('outsider');
select is(tests.seen('public.usage_ledger'), '', 'outsider sees no usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'outsider cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'outsider cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'outsider cannot delete usage_ledger');
select tests.as_user('visitor');
select is(tests.seen('public.usage_ledger'), '', 'visitor sees no usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'visitor cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'visitor cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'visitor cannot delete usage_ledger');
select tests.as_user('agent');
select is(tests.seen('public.usage_ledger'), '', 'agent sees no usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'agent cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'agent cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'agent cannot delete usage_ledger');
select tests.as_user('admin');
select is(tests.seen('public.usage_ledger'), 'A', 'admin sees store A usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'admin cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'admin cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'admin cannot delete usage_ledger');
select tests.as_user('other_owner');
select is(tests.seen('public.usage_ledger'), 'B', 'other_owner sees store B usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'other_owner cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'other_owner cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'other_owner cannot delete usage_ledger');
select tests.as_user('owner');
select is(tests.seen('public.usage_ledger'), 'A', 'owner sees store A usage_ledger');
select throws_ok($sql$ insert into public.usage_ledger (store_id, meter, source_id) values (tests.store_id('A'), 'conversations', 'x') $sql$, '42501', null, 'owner cannot insert usage_ledger');
select throws_ok($sql$ update public.usage_ledger set quantity = 100 $sql$, '42501', null, 'owner cannot update usage_ledger');
select throws_ok($sql$ delete from public.usage_ledger $sql$, '42501', null, 'owner cannot delete usage_ledger');
select tests.as_service();
select is(tests.seen_fixtures('public.usage_ledger'), 'A,B', 'service_role sees every store''s usage_ledger');
select is(tests.affected($sql$ update public.usage_ledger set quantity = quantity $sql$) >= 2, true, 'service_role updates usage_ledger');

-- stripe_events
select tests.as_anon();
select throws_ok($$ select store_id from public.stripe_events $$, '42501', null, 'anon cannot select stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'anon cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'anon cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'anon cannot delete stripe_events');
select tests.as_user('outsider');
select is(tests.seen('public.stripe_events'), '', 'outsider sees no stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'outsider cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'outsider cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'outsider cannot delete stripe_events');
select tests.as_user('visitor');
select is(tests.seen('public.stripe_events'), '', 'visitor sees no stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'visitor cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'visitor cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'visitor cannot delete stripe_events');
select tests.as_user('agent');
select is(tests.seen('public.stripe_events'), '', 'agent sees no stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'agent cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'agent cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'agent cannot delete stripe_events');
select tests.as_user('admin');
select is(tests.seen('public.stripe_events'), 'A', 'admin sees store A stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'admin cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'admin cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'admin cannot delete stripe_events');
select tests.as_user('other_owner');
select is(tests.seen('public.stripe_events'), 'B', 'other_owner sees store B stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'other_owner cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'other_owner cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'other_owner cannot delete stripe_events');
select tests.as_user('owner');
select is(tests.seen('public.stripe_events'), 'A', 'owner sees store A stripe_events');
select throws_ok($sql$ insert into public.stripe_events (id, type, created_at, payload) values ('evt_x', 'x', now(), '{}') $sql$, '42501', null, 'owner cannot insert stripe_events');
select throws_ok($sql$ update public.stripe_events set outcome = 'forged' $sql$, '42501', null, 'owner cannot update stripe_events');
select throws_ok($sql$ delete from public.stripe_events $sql$, '42501', null, 'owner cannot delete stripe_events');
select tests.as_service();
select is(tests.seen_fixtures('public.stripe_events'), 'A,B', 'service_role sees every store''s stripe_events');
select is(tests.affected($sql$ update public.stripe_events set outcome = outcome $sql$) >= 2, true, 'service_role updates stripe_events');

-- billing_invoices
select tests.as_anon();
select throws_ok($$ select store_id from public.billing_invoices $$, '42501', null, 'anon cannot select billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'anon cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'anon cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'anon cannot delete billing_invoices');
select tests.as_user('outsider');
select is(tests.seen('public.billing_invoices'), '', 'outsider sees no billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'outsider cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'outsider cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'outsider cannot delete billing_invoices');
select tests.as_user('visitor');
select is(tests.seen('public.billing_invoices'), '', 'visitor sees no billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'visitor cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'visitor cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'visitor cannot delete billing_invoices');
select tests.as_user('agent');
select is(tests.seen('public.billing_invoices'), '', 'agent sees no billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'agent cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'agent cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'agent cannot delete billing_invoices');
select tests.as_user('admin');
select is(tests.seen('public.billing_invoices'), 'A', 'admin sees store A billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'admin cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'admin cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'admin cannot delete billing_invoices');
select tests.as_user('other_owner');
select is(tests.seen('public.billing_invoices'), 'B', 'other_owner sees store B billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'other_owner cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'other_owner cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'other_owner cannot delete billing_invoices');
select tests.as_user('owner');
select is(tests.seen('public.billing_invoices'), 'A', 'owner sees store A billing_invoices');
select throws_ok($sql$ insert into public.billing_invoices (id, store_id, status, amount_due, amount_paid, currency, created_at, stripe_state_at) values ('in_x', tests.store_id('A'), 'paid', 0, 0, 'eur', now(), now()) $sql$, '42501', null, 'owner cannot insert billing_invoices');
select throws_ok($sql$ update public.billing_invoices set status = 'paid' $sql$, '42501', null, 'owner cannot update billing_invoices');
select throws_ok($sql$ delete from public.billing_invoices $sql$, '42501', null, 'owner cannot delete billing_invoices');
select tests.as_service();
select is(tests.seen_fixtures('public.billing_invoices'), 'A,B', 'service_role sees every store''s billing_invoices');
select is(tests.affected($sql$ update public.billing_invoices set status = status $sql$) >= 2, true, 'service_role updates billing_invoices');

-- billing_notices
select tests.as_anon();
select throws_ok($$ select store_id from public.billing_notices $$, '42501', null, 'anon cannot select billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'anon cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'anon cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'anon cannot delete billing_notices');
select tests.as_user('outsider');
select is(tests.seen('public.billing_notices'), '', 'outsider sees no billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'outsider cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'outsider cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'outsider cannot delete billing_notices');
select tests.as_user('visitor');
select is(tests.seen('public.billing_notices'), '', 'visitor sees no billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'visitor cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'visitor cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'visitor cannot delete billing_notices');
select tests.as_user('agent');
select is(tests.seen('public.billing_notices'), '', 'agent sees no billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'agent cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'agent cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'agent cannot delete billing_notices');
select tests.as_user('admin');
select is(tests.seen('public.billing_notices'), 'A', 'admin sees store A billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'admin cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'admin cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'admin cannot delete billing_notices');
select tests.as_user('other_owner');
select is(tests.seen('public.billing_notices'), 'B', 'other_owner sees store B billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'other_owner cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'other_owner cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'other_owner cannot delete billing_notices');
select tests.as_user('owner');
select is(tests.seen('public.billing_notices'), 'A', 'owner sees store A billing_notices');
select throws_ok($sql$ insert into public.billing_notices (store_id, kind, message, once_per) values (tests.store_id('A'), 'usage_80', 'x', 'x') $sql$, '42501', null, 'owner cannot insert billing_notices');
select throws_ok($sql$ update public.billing_notices set read_at = now() $sql$, '42501', null, 'owner cannot update billing_notices');
select throws_ok($sql$ delete from public.billing_notices $sql$, '42501', null, 'owner cannot delete billing_notices');
select tests.as_service();
select is(tests.seen_fixtures('public.billing_notices'), 'A,B', 'service_role sees every store''s billing_notices');
select is(tests.affected($sql$ update public.billing_notices set message = message $sql$) >= 2, true, 'service_role updates billing_notices');

-- plans: a catalog for every signed-in user; written by the service role only
select tests.as_anon();
select throws_ok($$ select id from public.plans $$, '42501', null, 'anon cannot read plans');
select tests.as_user('outsider');
select is((select string_agg(id, ',' order by position) from public.plans), 'free,starter,pro', 'a signed-in user compares the plans');
select throws_ok($$ update public.plans set max_chatbots = 1000 $$, '42501', null, 'a signed-in user cannot change a plan');
select throws_ok($$ insert into public.plans (id, name, position) values ('mine', 'Mine', 9) $$, '42501', null, 'nor add one');
select tests.as_user('owner');
select throws_ok($$ delete from public.plans $$, '42501', null, 'an owner cannot delete plans');
select tests.as_service();
select is(tests.affected($$ update public.plans set features = features $$), 3::bigint, 'service_role changes plans');

-- new stores start on Free
reset role;
insert into public.stores (id, name, slug) values ('5e000000-0000-4000-8000-00000000000c', 'New', 'new-billing-store');
select is((select plan_id || '/' || status from public.store_subscriptions where store_id = '5e000000-0000-4000-8000-00000000000c'),
  'free/none', 'a new store starts on the Free plan with no subscription');

select * from finish();
rollback;
