-- The automations engine's SQL: which writes emit events (and which never do), the one-transaction step
-- write (at most one run per event and workflow, stale computations refused, loop guard), timers firing
-- exactly once, job results reaching their run, and who may publish, retry, re-run and read the A/B report.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(33);

create function pg_temp.events(p_type text) returns bigint language sql as $$
  select count(*) from public.automation_events where store_id = tests.store_id('A') and type = p_type
$$;
create function pg_temp.advance(p jsonb) returns text language sql as $$
  select public.advance_workflow_run(p) ->> 'outcome'
$$;

-- Events from conversations
select is(pg_temp.events('conversation.started'), 1::bigint, 'a new conversation emits conversation.started');
insert into public.messages (store_id, session_id, sender, author_id, content, intent, attachments)
values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', null, 'It arrived broken', 'complaint',
  '[{"type": "image/jpeg", "url": "https://cdn.example/broken.jpg"}]');
select is(pg_temp.events('message.received'), 2::bigint, 'a visitor message emits message.received');
select is(pg_temp.events('intent.detected'), 1::bigint, 'with an intent, intent.detected');
select is((select payload -> 'images' -> 0 ->> 'url' from public.automation_events where type = 'image.uploaded'),
  'https://cdn.example/broken.jpg', 'with an image, image.uploaded naming it');
insert into public.messages (store_id, session_id, sender, author_id, content, metadata)
values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', null, 'sent by an automation',
  '{"automation": {"run_id": "x"}}'),
  (tests.store_id('A'), tests.row_id('session', 'A'), 'bot', null, 'a bot reply', '{}'),
  (tests.store_id('A'), tests.row_id('session', 'A'), 'agent', null, 'a private note', '{}');
select is(pg_temp.events('message.received'), 2::bigint, 'messages an automation, the bot or an agent wrote fire no message event');
update public.chat_sessions set sentiment = -0.6, lead_score = 80 where id = tests.row_id('session', 'A');
select is((select payload from public.automation_events where type = 'sentiment.changed'),
  '{"current": -0.6, "previous": null}'::jsonb, 'sentiment changes emit sentiment.changed with before and after');
select is((select payload from public.automation_events where type = 'lead_score.changed'),
  '{"current": 80, "previous": null}'::jsonb, 'lead score changes emit lead_score.changed');
update public.chat_sessions set status = 'queued' where id = tests.row_id('session', 'A');
select is((select payload ->> 'by' from public.automation_events where type = 'handoff.requested' and store_id = tests.store_id('A')),
  'bot', 'a handoff emits handoff.requested, by the bot here');
insert into public.messages (store_id, session_id, sender, author_id, content)
values (tests.store_id('A'), tests.row_id('session', 'A'), 'customer', null, 'hello?');
select is(pg_temp.events('message.awaiting_agent'), 1::bigint, 'a visitor writing while queued emits message.awaiting_agent');
update public.chat_sessions set status = 'resolved' where id = tests.row_id('session', 'A');
select is((select payload ->> 'by' from public.automation_events where type = 'conversation.resolved'), 'agent',
  'resolving a handed-off conversation is by an agent');
update public.contacts set custom_attributes = '{"plan": "pro"}' where id = tests.row_id('contact', 'A');
select is((select payload from public.automation_events where type = 'contact.attribute_changed'),
  '{"key": "plan", "current": "pro", "previous": null}'::jsonb, 'each changed contact attribute emits an event');

-- The step write
select tests.as_service();
select is(pg_temp.advance(jsonb_build_object('run_id', '40000000-0000-4000-8000-000000000001', 'status', 'waiting',
  'current_step', 2, 'steps_taken', 2, 'awaiting', 'job', 'snapshot', '{"value": "tag"}'::jsonb,
  'create', jsonb_build_object('store_id', tests.store_id('A'), 'workflow_id', tests.row_id('workflow', 'A'), 'version', 1,
    'session_id', tests.row_id('session', 'A'), 'contact_id', tests.row_id('contact', 'A'), 'idempotency_key', 'event:1'),
  'steps', '[{"seq": 1, "node_id": "t", "node_type": "image-uploaded", "kind": "trigger", "status": "succeeded"},
             {"seq": 2, "node_id": "tag", "node_type": "add-tags", "kind": "action", "status": "running"}]'::jsonb,
  'jobs', '[{"seq": 2, "node_id": "tag", "topic": "automations.add_tags", "payload": {"tags": ["vip"]}}]'::jsonb)),
  'ok', 'a run starts with its first steps and jobs in one call');
select is(pg_temp.advance(jsonb_build_object('run_id', '40000000-0000-4000-8000-000000000002', 'status', 'running',
  'current_step', 1, 'steps_taken', 1,
  'create', jsonb_build_object('store_id', tests.store_id('A'), 'workflow_id', tests.row_id('workflow', 'A'), 'version', 1,
    'idempotency_key', 'event:1'))),
  'duplicate', 'the same event never starts a second run of the workflow');
select is((select payload ->> 'run_id' from public.outbox where topic = 'automations.add_tags'),
  '40000000-0000-4000-8000-000000000001', 'the action is a job carrying its run');
select isnt((select job_id from public.workflow_run_steps where run_id = '40000000-0000-4000-8000-000000000001' and seq = 2),
  null, 'the step knows its job');
select is(pg_temp.advance(jsonb_build_object('run_id', '40000000-0000-4000-8000-000000000001', 'expected_step', 1,
  'status', 'succeeded', 'current_step', 3, 'steps_taken', 3)), 'conflict', 'an advance computed from an older step is refused');
select is(pg_temp.advance(jsonb_build_object('run_id', '40000000-0000-4000-8000-000000000001', 'expected_step', 2,
  'status', 'waiting', 'current_step', 3, 'steps_taken', 3, 'awaiting', 'timer',
  'steps', '[{"seq": 2, "node_id": "tag", "node_type": "add-tags", "kind": "action", "status": "succeeded"},
             {"seq": 3, "node_id": "w", "node_type": "wait", "kind": "delay", "status": "waiting"}]'::jsonb,
  'timers', jsonb_build_array(jsonb_build_object('seq', 3, 'due_at', now() - interval '1 second',
    'event', '{"type": "run.timer", "payload": {"step": 3}}'::jsonb)))),
  'ok', 'an advance from the current step is written');
select is(public.fire_due_automation_timers(), 1, 'a due timer becomes an event');
select is(public.fire_due_automation_timers(), 0, '... exactly once');
select is((select payload from public.automation_events where run_id = '40000000-0000-4000-8000-000000000001' and type = 'run.timer'),
  '{"step": 3}'::jsonb, 'the timer event names its run and step');

-- A job's result comes back to its run
reset role;
update public.outbox set status = 'done', result = '{"tags": ["vip"]}' where topic = 'automations.add_tags';
select is((select payload from public.automation_events where type = 'run.job_done'),
  '{"step": 2, "output": {"tags": ["vip"]}}'::jsonb, 'a finished action job becomes an event for its run');

-- Loop guard: at most 20 runs per conversation per hour
select tests.as_service();
select is(pg_temp.advance(jsonb_build_object('run_id', gen_random_uuid(), 'status', 'running', 'current_step', 0, 'steps_taken', 0,
  'create', jsonb_build_object('store_id', tests.store_id('A'), 'workflow_id', tests.row_id('workflow', 'A'), 'version', 1,
    'session_id', tests.row_id('session', 'A'), 'idempotency_key', 'event:' || i))), 'ok', 'runs start')
  from generate_series(100, 100) i;
select lives_ok($$ select pg_temp.advance(jsonb_build_object('run_id', gen_random_uuid(), 'status', 'running', 'current_step', 0,
  'steps_taken', 0, 'create', jsonb_build_object('store_id', tests.store_id('A'), 'workflow_id', tests.row_id('workflow', 'A'),
  'version', 1, 'session_id', tests.row_id('session', 'A'), 'idempotency_key', 'event:' || i))) from generate_series(101, 130) i $$,
  'many events in a row');
select is((select count(*) from public.workflow_runs where session_id = tests.row_id('session', 'A')), 20::bigint,
  'no more than 20 runs start for one conversation in an hour');

-- Who may publish, retry, re-run, read the A/B report
select tests.as_service();
select throws_ok($$ select public.publish_workflow(tests.user_id('agent'), tests.row_id('workflow', 'A'), '{}', '{"trigger": {"type": "x"}}') $$,
  '42501', null, 'an agent cannot publish');
select is(public.publish_workflow(tests.user_id('admin'), tests.row_id('workflow', 'A'), '{}', '{"trigger": {"type": "x"}}'), 1,
  'an admin publishes version 1');
select tests.as_user('admin');
select throws_ok($$ update public.workflows set published_version = 7 $$, '42501', null,
  'an admin cannot point a workflow at a version by hand (publishing does)');
select tests.as_user('agent');
select throws_ok($$ select public.rerun_workflow_run('40000000-0000-4000-8000-000000000001') $$, 'P0002', null,
  'an agent cannot re-run a run');
select tests.as_user('other_owner');
select throws_ok($$ select public.retry_workflow_step('40000000-0000-4000-8000-000000000001') $$, 'P0002', null,
  'the owner of B cannot retry a run of A');
reset role;
insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch)
values (tests.row_id('workflow', 'A'), 'split', tests.row_id('session', 'A'), tests.store_id('A'), 'b');
select tests.as_user('other_owner');
select is((select count(*) from public.workflow_split_stats(tests.row_id('workflow', 'A'))), 0::bigint,
  'the owner of B reads no A/B report of A');
select tests.as_user('owner');
select is((select row(node_id, branch, runs, handoff_rate, bot_resolution_rate, avg_lead_score)::text
             from public.workflow_split_stats(tests.row_id('workflow', 'A'))),
  '(split,b,1,1.000,0.000,80.0)', 'the A/B report: per branch, runs, handoff rate, resolution by the bot, average lead score');
select isnt(public.rerun_workflow_run('40000000-0000-4000-8000-000000000001'), null, 'the owner re-runs a run of A');
select throws_ok($$ update public.stores set time_zone = 'Mars/Olympus' where id = tests.store_id('A') $$, '22023', null,
  'a store''s time zone must be a real one');

select * from finish();
rollback;
