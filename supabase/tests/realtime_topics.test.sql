-- realtime.messages: who may read (join, receive broadcasts on) Parley's private topics, as Realtime checks it:
-- with realtime.topic() set, can the caller SELECT a probe row of the topic? session:<id> for its visitor and
-- its store's members, store:<id> for the members; nobody else, and nobody but service_role may write.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(18);

-- Probe rows as Realtime inserts them (as the owner of the table), one per topic and extension.
create function tests.can_read(p_topic text, p_extension text default 'broadcast') returns boolean
language plpgsql as $$
declare
  v_id uuid;
  v_role text := current_setting('role');
  v_seen boolean;
begin
  reset role;
  insert into realtime.messages (topic, extension) values (p_topic, p_extension) returning id into v_id;
  perform set_config('role', v_role, true);
  perform set_config('realtime.topic', p_topic, true);
  select exists (select 1 from realtime.messages where id = v_id) into v_seen;
  return v_seen;
end;
$$;

create function tests.session_topic(p_label text, p_suffix text default '') returns text language sql as $$
  select 'session:' || tests.row_id('session', p_label) || p_suffix
$$;
create function tests.store_topic(p_label text) returns text language sql as $$
  select 'store:' || tests.store_id(p_label)
$$;

select tests.as_user('visitor');
select ok(tests.can_read(tests.session_topic('A')), 'the visitor reads its own session''s topic');
select ok(not tests.can_read(tests.session_topic('B')), 'but not another session''s');
select ok(not tests.can_read(tests.store_topic('A')), 'nor the store''s topic');
select ok(not tests.can_read(tests.session_topic('A'), 'presence'), 'presence is not used: nobody reads it');

select tests.as_user('agent');
select ok(tests.can_read(tests.session_topic('A')), 'an agent reads a session of their store');
select ok(tests.can_read(tests.session_topic('A', '#3')), 'with a suffix too (one page, several channels)');
select ok(tests.can_read(tests.store_topic('A')), 'and their store''s topic');
select ok(not tests.can_read(tests.store_topic('B')), 'not another store''s');
select ok(not tests.can_read(tests.session_topic('B')), 'nor another store''s session');

select tests.as_user('outsider');
select ok(not tests.can_read(tests.session_topic('A')), 'an outsider reads no session topic');
select ok(not tests.can_read(tests.store_topic('A')), 'and no store topic');
select ok(not tests.can_read('session:' || tests.row_id('session', 'A') || ':x'), 'a topic with a tail is nobody''s');
select ok(not tests.can_read('session:not-a-uuid'), 'nor a malformed one');

select tests.as_anon();
select ok(not tests.can_read(tests.session_topic('A')), 'anon (the key alone) reads nothing');

select tests.as_user('owner');
select throws_ok($$ insert into realtime.messages (topic, extension) values (tests.session_topic('A'), 'broadcast') $$,
  '42501', null, 'not even the owner may broadcast on a session topic (only the functions do)');
select tests.as_user('visitor');
select throws_ok($$ insert into realtime.messages (topic, extension) values (tests.session_topic('A'), 'broadcast') $$,
  '42501', null, 'nor the visitor: no fake typing');
select tests.as_anon();
select throws_ok($$ insert into realtime.messages (topic, extension) values (tests.session_topic('A'), 'broadcast') $$,
  '42501', null, 'nor anon');

select tests.as_service();
select ok(tests.can_read(tests.session_topic('B')), 'service_role reads everything');

select * from finish();
rollback;
