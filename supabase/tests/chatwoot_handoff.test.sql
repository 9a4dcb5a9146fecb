-- Handoff to Chatwoot (migration *_handoff.sql): which changes enqueue contact sync, erasure, handoff and
-- forwarding jobs (once), the handoff job's fate mirrored on the session, and who reads webhook events.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(19);

create function tests.jobs(p_topic text) returns bigint language sql as $$
  select count(*) from public.outbox where topic = p_topic;
$$;
create function tests.session_jobs(p_topic text, p_session uuid) returns bigint language sql as $$
  select count(*) from public.outbox where topic = p_topic and payload ->> 'session_id' = p_session::text;
$$;

-- contacts: the fixture contacts have e-mails, so each got one sync job; one waiting sync per contact
select is(tests.jobs('chatwoot.sync_contact'), 2::bigint, 'contacts with an e-mail are synced when created');
update public.contacts set name = 'Buyer A' where id = tests.row_id('contact', 'A');
select is(tests.jobs('chatwoot.sync_contact'), 2::bigint, 'writing the same values enqueues nothing (no webhook echo loop)');
update public.contacts set name = 'Buyer Alice' where id = tests.row_id('contact', 'A');
select is(tests.jobs('chatwoot.sync_contact'), 2::bigint, 'a change while a sync waits is left to that sync (it reads the contact then)');
-- once the waiting sync has started, a change needs a sync of its own
update public.outbox set status = 'processing', coalesce_key = null where topic = 'chatwoot.sync_contact';
update public.contacts set name = 'Buyer Alicia' where id = tests.row_id('contact', 'A');
select is(tests.jobs('chatwoot.sync_contact'), 3::bigint, 'a changed name enqueues a sync');
update public.contacts set chatwoot_contact_id = 41 where id = tests.row_id('contact', 'A');
select is(tests.jobs('chatwoot.sync_contact'), 3::bigint, 'saving the Chatwoot id does not enqueue a sync');
insert into public.contacts (store_id, name) values (tests.store_id('A'), 'Anonymous');
select is(tests.jobs('chatwoot.sync_contact'), 3::bigint, 'anonymous contacts (nothing to find them by) are not synced');
select results_eq($$ select lane, after_lane from public.outbox where topic = 'chatwoot.sync_contact' and status = 'pending' $$,
  $$ values ('chatwoot-contact:' || tests.row_id('contact', 'A'), 'chatwoot-account:' || tests.store_id('A')) $$,
  'a sync runs in its contact''s lane, after the store''s account');

-- handoff: bot -> queued once; the session shows the job as pending
update public.chat_sessions set status = 'queued' where id = tests.row_id('session', 'A');
select is(tests.session_jobs('chatwoot.handoff', tests.row_id('session', 'A')), 1::bigint, 'a queued session enqueues a handoff');
select is((select handoff_state from public.chat_sessions where id = tests.row_id('session', 'A')), 'pending',
  'the session shows the handoff as pending');
update public.chat_sessions set status = 'queued' where id = tests.row_id('session', 'A');
select is(tests.session_jobs('chatwoot.handoff', tests.row_id('session', 'A')), 1::bigint, 'queued -> queued does not enqueue another handoff');

-- forwarding: a customer line while queued is forwarded; bot lines are not
insert into public.messages (store_id, session_id, sender, author_id, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', null, 'Hello?');
insert into public.messages (store_id, session_id, sender, author_id, content)
  values (tests.store_id('A'), tests.row_id('session', 'A'), 'bot', null, 'Someone is coming.');
select is(tests.session_jobs('chatwoot.forward_message', tests.row_id('session', 'A')), 1::bigint, 'only the customer line is forwarded');
select is((select count(distinct lane) from public.outbox where topic in ('chatwoot.handoff', 'chatwoot.forward_message', 'chatwoot.sync_contact')
  and payload ->> 'contact_id' = (select contact_id::text from public.chat_sessions where id = tests.row_id('session', 'A'))), 1::bigint,
  'the handoff, the forwards and the contact''s syncs share the contact''s lane');

-- the handoff job's fate
update public.outbox set last_error = 'Chatwoot unreachable' where topic = 'chatwoot.handoff' and payload ->> 'session_id' = tests.row_id('session', 'A')::text;
select is((select handoff_state from public.chat_sessions where id = tests.row_id('session', 'A')), 'failing',
  'a failing handoff job shows on the session');
update public.outbox set status = 'done', last_error = null where topic = 'chatwoot.handoff' and payload ->> 'session_id' = tests.row_id('session', 'A')::text;
select is((select handoff_state from public.chat_sessions where id = tests.row_id('session', 'A')), 'delivered',
  'a done handoff job shows as delivered');

-- erasure: only contacts known to Chatwoot, and not when the whole store goes
delete from public.contacts where id = tests.row_id('contact', 'A');
select is(tests.jobs('chatwoot.erase_contact'), 1::bigint, 'deleting a synced contact enqueues its erasure');
delete from public.contacts where id = tests.row_id('contact', 'B');
select is(tests.jobs('chatwoot.erase_contact'), 1::bigint, 'a contact never synced has nothing to erase');

-- webhook events: owners and admins read their store's, agents and others none, nobody else writes
insert into public.chatwoot_webhook_events (store_id, delivery_id, event, payload, signed_at) values
  (tests.store_id('A'), 'd-a', 'message_created', '{}', now()),
  (tests.store_id('B'), 'd-b', 'message_created', '{}', now());
select tests.as_user('admin');
select is(tests.seen('public.chatwoot_webhook_events'), 'A', 'an admin sees their store''s webhook events only');
select throws_ok($$ insert into public.chatwoot_webhook_events (store_id, delivery_id, event, payload, signed_at)
  values (tests.store_id('A'), 'x', 'x', '{}', now()) $$, '42501', null, 'members cannot write webhook events');
select tests.as_user('agent');
select is(tests.count('public.chatwoot_webhook_events'), 0::bigint, 'agents do not see webhook events');

select * from finish();
rollback;
