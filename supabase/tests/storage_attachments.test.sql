-- Shoppers' files in Storage (bucket `attachments`, keys `<store>/<session>/<file>`): members of a store read its
-- files, nobody but the service role (the chat function) writes or deletes them; visitors have no direct access
-- (the chat function signs URLs for their own session). The chat function's SQL is the service role's only.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(22);

insert into storage.objects (bucket_id, name, metadata) values
  ('attachments', tests.store_id('A') || '/' || tests.row_id('session', 'A') || '/a.jpg', '{"size": 3}'),
  ('attachments', tests.store_id('B') || '/' || tests.row_id('session', 'B') || '/b.jpg', '{"size": 3}');
create function tests.files() returns text language sql as $$
  select coalesce(string_agg(case when name like tests.store_id('A') || '/%' then 'A' else 'B' end, ',' order by name), '')
    from storage.objects where bucket_id = 'attachments'
      and (name like tests.store_id('A') || '/%' or name like tests.store_id('B') || '/%')
$$;

select ok((select not public from storage.buckets where id = 'attachments'), 'the attachments bucket is private');
select ok((select 'image/svg+xml' <> all (allowed_mime_types) and 'text/html' <> all (allowed_mime_types)
  from storage.buckets where id = 'attachments'), 'the bucket refuses SVG and HTML');

-- anon
select tests.as_anon();
select is(tests.files(), '', 'anon reads no file');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('attachments', tests.store_id('A') || '/x/y.jpg') $$,
  '42501', null, 'anon cannot add a file');

-- the visitor of session A: no direct access, even to their own session's files
select tests.as_user('visitor');
select is(tests.files(), '', 'the visitor reads no file directly');
select throws_ok($$ insert into storage.objects (bucket_id, name)
  values ('attachments', tests.store_id('A') || '/' || tests.row_id('session', 'A') || '/mine.jpg') $$,
  '42501', null, 'the visitor cannot add a file directly');

-- outsider
select tests.as_user('outsider');
select is(tests.files(), '', 'outsider reads no file');

-- members of A
select tests.as_user('agent');
select is(tests.files(), 'A', 'agent reads store A files only');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('attachments', tests.store_id('A') || '/x/y.jpg') $$,
  '42501', null, 'agent cannot add a file');
select is(tests.affected($$ update storage.objects set metadata = '{}' where bucket_id = 'attachments' $$), 0::bigint, 'agent cannot change a file');
select tests.as_user('owner');
select is(tests.files(), 'A', 'owner reads store A files only');
select is(tests.affected($$ update storage.objects set metadata = '{}' where bucket_id = 'attachments' $$), 0::bigint, 'owner cannot change a file');
select tests.as_user('other_owner');
select is(tests.files(), 'B', 'owner of B reads store B files only');

-- deleting rows behind Storage's back is refused for everyone, the service role included
select tests.as_service();
select is(tests.files(), 'A,B', 'the service role reads every file');
select throws_ok($$ delete from storage.objects where bucket_id = 'attachments' $$, '42501', null,
  'rows are deleted through the Storage API only');
select lives_ok($$ select set_config('storage.allow_delete_query', 'true', true);
  delete from storage.objects where name like tests.store_id('B') || '/%' $$, 'the Storage API deletes (as the service role)');

-- the chat function's SQL: the service role's only
reset role;
select ok(not has_function_privilege('anon', 'public.chat_attachment_allowance(uuid, uuid, bigint)', 'execute'), 'anon cannot ask for an upload');
select ok(not has_function_privilege('authenticated', 'public.chat_post_attachment(uuid, uuid, uuid, jsonb, text)', 'execute'),
  'a signed-in user cannot post an attachment directly');
select ok(not has_function_privilege('authenticated', 'public.store_image_analysis(uuid, bigint, text, jsonb)', 'execute'),
  'a signed-in user cannot write an analysis');
select ok(not has_function_privilege('authenticated', 'public.chat_session_files(uuid, uuid)', 'execute'),
  'a signed-in user cannot list session files directly');
select ok(has_function_privilege('service_role', 'public.chat_post_attachment(uuid, uuid, uuid, jsonb, text)', 'execute'),
  'the service role posts attachments');

-- limits: a session's count and the store's size
select throws_ok($$ select public.chat_attachment_allowance(tests.user_id('visitor'), tests.row_id('session', 'A'), 20 * 1024 * 1024) $$,
  'PT413', 'file_too_large', 'a file over the store''s size limit is refused');
select * from finish();
rollback;
