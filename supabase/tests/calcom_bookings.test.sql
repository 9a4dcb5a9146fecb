-- Cal.com bookings: public.bookings is readable by the members of its store, public.calcom_events (the
-- deliveries as received) by its owners and admins; only the service role writes either. Applying a
-- delivery (calcom_apply_event) records the booking, writes a line in the conversation named in its
-- metadata, enqueues the Chatwoot note and fires the automation event, once: a replay changes nothing; a
-- reschedule moves the booking to its new uid; a late cancellation of the old uid is not a second line.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(77);

reset role;
insert into public.bookings (store_id, uid, status) values
  (tests.store_id('A'), 'bk_seed_a', 'accepted'), (tests.store_id('B'), 'bk_seed_b', 'accepted');
insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values
  (tests.store_id('A'), 'seed-a', 'BOOKING_CREATED', 'bk_seed_a', now(), '{}'),
  (tests.store_id('B'), 'seed-b', 'BOOKING_CREATED', 'bk_seed_b', now(), '{}');

-- bookings
select tests.as_anon();
select throws_ok($$ select store_id from public.bookings $$, '42501', null, 'anon cannot select bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'anon cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'anon cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'anon cannot delete bookings');
select tests.as_user('outsider');
select is(tests.seen('public.bookings'), '', 'outsider sees no bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'outsider cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'outsider cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'outsider cannot delete bookings');
select tests.as_user('visitor');
select is(tests.seen('public.bookings'), '', 'visitor sees no bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'visitor cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'visitor cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'visitor cannot delete bookings');
select tests.as_user('agent');
select is(tests.seen('public.bookings'), 'A', 'agent sees store A bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'agent cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'agent cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'agent cannot delete bookings');
select tests.as_user('admin');
select is(tests.seen('public.bookings'), 'A', 'admin sees store A bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'admin cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'admin cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'admin cannot delete bookings');
select tests.as_user('other_owner');
select is(tests.seen('public.bookings'), 'B', 'other_owner sees store B bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'other_owner cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'other_owner cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'other_owner cannot delete bookings');
select tests.as_user('owner');
select is(tests.seen('public.bookings'), 'A', 'owner sees store A bookings');
select throws_ok($sql$ insert into public.bookings (store_id, uid, status) values (tests.store_id('A'), 'x', 'accepted') $sql$, '42501', null, 'owner cannot insert bookings');
select throws_ok($sql$ update public.bookings set status = 'cancelled' $sql$, '42501', null, 'owner cannot update bookings');
select throws_ok($sql$ delete from public.bookings $sql$, '42501', null, 'owner cannot delete bookings');
select tests.as_service();
select is(tests.seen_fixtures('public.bookings'), 'A,B', 'service_role sees every store''s bookings');

-- calcom_events
select tests.as_anon();
select throws_ok($$ select store_id from public.calcom_events $$, '42501', null, 'anon cannot select calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'anon cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'anon cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'anon cannot delete calcom_events');
select tests.as_user('outsider');
select is(tests.seen('public.calcom_events'), '', 'outsider sees no calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'outsider cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'outsider cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'outsider cannot delete calcom_events');
select tests.as_user('visitor');
select is(tests.seen('public.calcom_events'), '', 'visitor sees no calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'visitor cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'visitor cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'visitor cannot delete calcom_events');
select tests.as_user('agent');
select is(tests.seen('public.calcom_events'), '', 'agent sees no calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'agent cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'agent cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'agent cannot delete calcom_events');
select tests.as_user('admin');
select is(tests.seen('public.calcom_events'), 'A', 'admin sees store A calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'admin cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'admin cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'admin cannot delete calcom_events');
select tests.as_user('other_owner');
select is(tests.seen('public.calcom_events'), 'B', 'other_owner sees store B calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'other_owner cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'other_owner cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'other_owner cannot delete calcom_events');
select tests.as_user('owner');
select is(tests.seen('public.calcom_events'), 'A', 'owner sees store A calcom_events');
select throws_ok($sql$ insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload) values (tests.store_id('A'), 'x', 'BOOKING_CREATED', 'x', now(), '{}') $sql$, '42501', null, 'owner cannot insert calcom_events');
select throws_ok($sql$ update public.calcom_events set outcome = 'x' $sql$, '42501', null, 'owner cannot update calcom_events');
select throws_ok($sql$ delete from public.calcom_events $sql$, '42501', null, 'owner cannot delete calcom_events');
select tests.as_service();
select is(tests.seen_fixtures('public.calcom_events'), 'A,B', 'service_role sees every store''s calcom_events');

-- Applying deliveries (as the calcom-webhook function does after storing them).
create function pg_temp.delivery(p_trigger text, p_uid text, p_extra jsonb default '{}') returns bigint
language sql as $$
  insert into public.calcom_events (store_id, delivery_ref, trigger_event, booking_uid, sent_at, payload)
  values (tests.store_id('A'), p_trigger || ':' || p_uid, p_trigger, p_uid, now(), jsonb_build_object(
    'triggerEvent', p_trigger, 'createdAt', now(), 'payload', jsonb_build_object(
      'uid', p_uid, 'title', 'Intro call', 'startTime', '2027-01-05T09:00:00Z', 'endTime', '2027-01-05T09:30:00Z',
      'status', 'ACCEPTED', 'eventTypeId', 1001,
      'attendees', jsonb_build_array(jsonb_build_object('name', 'Ana', 'email', 'ana@example.com', 'timeZone', 'Europe/Madrid')),
      'metadata', jsonb_build_object('parley_session', tests.row_id('session', 'A'))) || p_extra))
  returning id;
$$;
create function pg_temp.lines() returns text language sql as $$
  select coalesce(string_agg(content, ' | ' order by id), '') from public.messages
   where session_id = tests.row_id('session', 'A') and metadata ->> 'kind' = 'booking';
$$;

select tests.as_user('owner');
select throws_ok($$ select public.calcom_apply_event(1) $$, '42501', null, 'an owner cannot apply a delivery');
select throws_ok($$ select public.set_integration_setting(tests.store_id('A'), 'calcom', 'webhook_id', '1') $$,
  '42501', null, 'an owner cannot call set_integration_setting');

select tests.as_service();
create temp table ids as select pg_temp.delivery('BOOKING_CREATED', 'bk_1') as created;
select is(public.calcom_apply_event((select created from ids)), 'applied', 'a booking delivery is applied');
select is((select status || ' ' || session_id::text || ' ' || attendee_email from public.bookings where uid = 'bk_1'),
  'accepted ' || tests.row_id('session', 'A')::text || ' ana@example.com', 'the booking is tied to the conversation');
select is(pg_temp.lines(), 'Meeting booked: Intro call, Tue 05 Jan 2027, 10:00 (Europe/Madrid)',
  'a line in the conversation, in the booker''s time zone');
select is((select count(*)::int from public.outbox where topic = 'calcom.booking_note'
  and payload ->> 'session_id' = tests.row_id('session', 'A')::text), 1, 'a Chatwoot note is enqueued');
select is((select count(*)::int from public.automation_events where type = 'booking.created'
  and payload ->> 'booking_uid' = 'bk_1'), 1, 'booking.created fires');

select is(public.calcom_apply_event((select created from ids)), 'duplicate', 'a replay is not applied again');
select is((select count(*)::int from public.messages where metadata ->> 'booking_uid' = 'bk_1'), 1, 'no second line');
select is((select count(*)::int from public.outbox where topic = 'calcom.booking_note'), 1, 'no second note');
select is((select count(*)::int from public.automation_events where type = 'booking.created'), 1, 'no second event');

insert into ids select pg_temp.delivery('BOOKING_RESCHEDULED', 'bk_2',
  '{"rescheduleUid": "bk_1", "startTime": "2027-01-06T15:00:00Z", "metadata": {}}');
select is(public.calcom_apply_event((select max(created) from ids)), 'applied',
  'a reschedule without metadata finds the conversation through the old booking');
select is((select string_agg(uid || ':' || status, ',' order by uid) from public.bookings where uid like 'bk__'),
  'bk_1:rescheduled,bk_2:accepted', 'the old uid is rescheduled, the new one accepted');
select is((select previous_uid from public.bookings where uid = 'bk_2'), 'bk_1', 'the new booking names the old one');
select matches(pg_temp.lines(), 'Meeting moved: Intro call is now Wed 06 Jan 2027, 16:00', 'a line says it moved');

insert into ids select pg_temp.delivery('BOOKING_CANCELLED', 'bk_1', '{"status": "CANCELLED"}');
select is(public.calcom_apply_event((select max(created) from ids)), 'superseded',
  'a cancellation of the rescheduled uid changes nothing');
insert into ids select pg_temp.delivery('BOOKING_CANCELLED', 'bk_2', '{"status": "CANCELLED", "cancellationReason": "ill"}');
select is(public.calcom_apply_event((select max(created) from ids)), 'applied', 'the new booking is cancelled');
select is((select status from public.bookings where uid = 'bk_2'), 'cancelled', 'its status is cancelled');
select matches(pg_temp.lines(), 'Meeting cancelled: Intro call \(ill\)$', 'a line says it is cancelled, and why');

select * from finish();
rollback;
