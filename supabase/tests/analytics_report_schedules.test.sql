-- analytics_report_schedules: members read who gets which report; owners and admins add, change and
-- remove them; recipients are members; a schedule enqueues its report for the end of the current period
-- in the store's time zone, once per period.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(38);

reset role;
insert into public.analytics_report_schedules (id, store_id, cadence, recipients) values
  ('a2000000-0000-4000-8000-00000000000a', tests.store_id('A'), 'weekly', array[tests.user_id('owner')]),
  ('a2000000-0000-4000-8000-00000000000b', tests.store_id('B'), 'weekly', array[tests.user_id('other_owner')]);

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.analytics_report_schedules $$, '42501', null, 'anon cannot select schedules');
select throws_ok($$ insert into public.analytics_report_schedules (store_id, cadence) values (tests.store_id('A'), 'monthly') $$, '42501', null, 'anon cannot insert schedules');
select throws_ok($$ update public.analytics_report_schedules set enabled = false $$, '42501', null, 'anon cannot update schedules');
select throws_ok($$ delete from public.analytics_report_schedules $$, '42501', null, 'anon cannot delete schedules');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.analytics_report_schedules'), 0::bigint, 'outsider sees no schedule');
select throws_ok($$ insert into public.analytics_report_schedules (store_id, cadence) values (tests.store_id('A'), 'monthly') $$, '42501', null, 'outsider cannot insert schedules');
select is(tests.affected($$ update public.analytics_report_schedules set enabled = false $$), 0::bigint, 'outsider updates no schedule');
select is(tests.affected($$ delete from public.analytics_report_schedules $$), 0::bigint, 'outsider deletes no schedule');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.analytics_report_schedules'), 'A', 'agent sees store A schedules');
select throws_ok($$ insert into public.analytics_report_schedules (store_id, cadence) values (tests.store_id('A'), 'monthly') $$, '42501', null, 'agent cannot insert schedules');
select is(tests.affected($$ update public.analytics_report_schedules set enabled = false $$), 0::bigint, 'agent updates no schedule');
select is(tests.affected($$ delete from public.analytics_report_schedules $$), 0::bigint, 'agent deletes no schedule');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.analytics_report_schedules'), 'B', 'owner of B sees store B schedules only');
select throws_ok($$ insert into public.analytics_report_schedules (store_id, cadence) values (tests.store_id('A'), 'monthly') $$, '42501', null, 'owner of B cannot add a schedule to A');
select is(tests.affected($$ update public.analytics_report_schedules set enabled = false where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B updates no schedule of A');
select is(tests.affected($$ delete from public.analytics_report_schedules where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B deletes no schedule of A');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.analytics_report_schedules'), 'A', 'admin sees store A schedules');
select lives_ok($$ insert into public.analytics_report_schedules (store_id, cadence, recipients) values (tests.store_id('A'), 'monthly', array[tests.user_id('agent')]) $$, 'admin adds a monthly report for the agent');
select throws_ok($$ update public.analytics_report_schedules set recipients = array[tests.user_id('outsider')] where cadence = 'monthly' $$, '23514', null, 'recipients are members of the store');
select is(tests.affected($$ update public.analytics_report_schedules set enabled = false where cadence = 'monthly' $$), 1::bigint, 'admin turns it off');
select throws_ok($$ update public.analytics_report_schedules set store_id = tests.store_id('B') $$, '42501', null, 'nobody moves a schedule to another store');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.analytics_report_schedules'), 'A', 'owner sees store A schedules');
select is(tests.affected($$ delete from public.analytics_report_schedules where cadence = 'monthly' $$), 1::bigint, 'owner removes a schedule');

-- saving from the dashboard (one call whether the row exists or not)
select tests.as_user('agent');
select throws_ok($$ select public.save_analytics_report_schedule(tests.store_id('A'), 'weekly', false, '{}') $$, '42501', null, 'agent cannot save a schedule');
select tests.as_user('owner');
select is(public.save_analytics_report_schedule(tests.store_id('A'), 'weekly', true, array[tests.user_id('owner'), tests.user_id('agent')]),
  'a2000000-0000-4000-8000-00000000000a'::uuid, 'owner saves the weekly report: the same row');
select is((select cardinality(recipients) from public.analytics_report_schedules where store_id = tests.store_id('A') and cadence = 'weekly'),
  2, 'with both recipients');
select lives_ok($$ select public.save_analytics_report_schedule(tests.store_id('A'), 'monthly', false, '{}') $$, 'owner saves a monthly report not there yet');
select is((select enabled from public.analytics_report_schedules where store_id = tests.store_id('A') and cadence = 'monthly'),
  false, 'which is made, off');

select ok(public.send_last_analytics_report('a2000000-0000-4000-8000-00000000000a') is not null, 'owner sends the last week''s report');
select ok(public.send_last_analytics_report('a2000000-0000-4000-8000-00000000000a') is null, 'a second click sends nothing more for that week');
select throws_ok($$ select public.send_last_analytics_report('a2000000-0000-4000-8000-00000000000b') $$, 'P0002', null, 'nor for another store''s schedule');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.analytics_report_schedules'), 'A,B', 'service_role sees every schedule');
select lives_ok($$ update public.analytics_report_schedules set enabled = true $$, 'service_role updates schedules');

-- Scheduling: one job per schedule and period, due when the period ends in the store's zone.
reset role;
select is((select count(*) from public.outbox where topic = 'analytics.send_report'
  and payload ->> 'schedule_id' = 'a2000000-0000-4000-8000-00000000000a'), 2::bigint,
  'the current week waits, the last week was sent on request');
select is((select count(*) from public.outbox where topic = 'analytics.send_report'
  and payload ->> 'schedule_id' = 'a2000000-0000-4000-8000-00000000000a' and next_attempt_at > now()), 1::bigint,
  'the current week''s report is due in the future');
select is((select period_start || '..' || period_end || ' ' || due_at from private.report_period('weekly', 'America/New_York',
  '2026-03-09 03:30+00')), '2026-03-02..2026-03-08 2026-03-09 04:00:00+00',
  'Sunday 23:30 in New York is still that week, which ends at midnight there');
select is((select period_start || '..' || period_end from private.report_period('monthly', 'Asia/Tokyo',
  '2026-01-31 16:00+00', -1)), '2026-01-01..2026-01-31', 'in Tokyo it is already February: the last month is January');
select is((select period_start || '..' || period_end from private.report_period('monthly', 'UTC',
  '2026-01-31 16:00+00', -1)), '2025-12-01..2025-12-31', 'and in UTC January is not over: the last month is December too');

select * from finish();
rollback;
