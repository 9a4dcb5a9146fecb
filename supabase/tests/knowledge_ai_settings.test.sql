-- chatbot_ai_settings: one row per chatbot (trigger); owners and admins read and change the provider. The
-- API key is encrypted by the chatbot-secrets function and written by the service role only: no API role
-- writes or reads it (only service_role, for the chat function).
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(38);

select is((select count(*) from public.chatbot_ai_settings where chatbot_id in (tests.row_id('chatbot', 'A'), tests.row_id('chatbot', 'B'))),
  2::bigint, 'every chatbot gets its settings row');
update public.chatbot_ai_settings set provider = 'anthropic', api_key = 'secret-b', model = 'claude' where store_id = tests.store_id('B');
update public.chatbot_ai_settings set api_key = 'v1.aXY=.ZGF0YQ==' where store_id = tests.store_id('A');

-- anon
select tests.as_anon();
select throws_ok($$ select provider from public.chatbot_ai_settings $$, '42501', null, 'anon cannot select settings');
select throws_ok($$ insert into public.chatbot_ai_settings (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$, '42501', null, 'anon cannot insert settings');
select throws_ok($$ update public.chatbot_ai_settings set api_key = 'x' $$, '42501', null, 'anon cannot update settings');
select throws_ok($$ delete from public.chatbot_ai_settings $$, '42501', null, 'anon cannot delete settings');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.chatbot_ai_settings'), 0::bigint, 'outsider sees no settings');
select throws_ok($$ insert into public.chatbot_ai_settings (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$, '42501', null, 'outsider cannot insert settings');
select throws_ok($$ update public.chatbot_ai_settings set api_key = 'x' where store_id = tests.store_id('A') $$, '42501', null, 'outsider cannot write a key');
select throws_ok($$ delete from public.chatbot_ai_settings $$, '42501', null, 'outsider cannot delete settings');

-- agent of A
select tests.as_user('agent');
select is(tests.count('public.chatbot_ai_settings'), 0::bigint, 'agent sees no settings (admins only)');
select throws_ok($$ insert into public.chatbot_ai_settings (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$, '42501', null, 'agent cannot insert settings');
select throws_ok($$ update public.chatbot_ai_settings set api_key = 'x' where store_id = tests.store_id('A') $$, '42501', null, 'agent cannot set a key');
select throws_ok($$ delete from public.chatbot_ai_settings $$, '42501', null, 'agent cannot delete settings');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.chatbot_ai_settings'), 'A', 'admin sees store A settings only');
select is(tests.affected($$ update public.chatbot_ai_settings set provider = 'openai', model = 'gpt-test', base_url = 'https://llm.example/v1' where store_id = tests.store_id('A') $$),
  1::bigint, 'admin sets the provider');
select throws_ok($$ update public.chatbot_ai_settings set api_key = 'sk-a' where store_id = tests.store_id('A') $$, '42501', null,
  'admin cannot write the key through the API (the chatbot-secrets function encrypts it)');
select is((select has_api_key from public.chatbot_ai_settings where store_id = tests.store_id('A')), true, 'admin sees that a key is set');
select throws_ok($$ select api_key from public.chatbot_ai_settings $$, '42501', null, 'admin cannot read the key back');
select throws_ok($$ update public.chatbot_ai_settings set api_key = 'x' where api_key = 'sk-a' $$, '42501', null, 'admin cannot probe the key in a filter');
select throws_ok($$ update public.chatbot_ai_settings set base_url = 'ftp://nope' where store_id = tests.store_id('A') $$, '23514', null, 'base_url must be http(s)');
select is(tests.affected($$ update public.chatbot_ai_settings set model = 'x' where store_id = tests.store_id('B') $$), 0::bigint, 'admin of A cannot change B');
select throws_ok($$ insert into public.chatbot_ai_settings (chatbot_id, store_id) values (tests.row_id('chatbot', 'A'), tests.store_id('A')) $$, '42501', null, 'admin cannot insert settings');
select throws_ok($$ delete from public.chatbot_ai_settings $$, '42501', null, 'admin cannot delete settings');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.chatbot_ai_settings'), 'B', 'owner of B sees store B settings only');
select is(tests.affected($$ update public.chatbot_ai_settings set model = 'x' where store_id = tests.store_id('A') $$), 0::bigint, 'owner of B cannot change A');
select throws_ok($$ select api_key from public.chatbot_ai_settings $$, '42501', null, 'owner of B cannot read its own key back');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.chatbot_ai_settings'), 'A', 'owner sees store A settings only');
select is(tests.affected($$ update public.chatbot_ai_settings set provider = null where store_id = tests.store_id('A') $$), 1::bigint, 'owner clears the provider');
select throws_ok($$ update public.chatbot_ai_settings set api_key = null where store_id = tests.store_id('A') $$, '42501', null,
  'owner removes the key through the chatbot-secrets function only');
select is((select has_api_key from public.chatbot_ai_settings where store_id = tests.store_id('A')), true, 'the key is still set');
select throws_ok($$ delete from public.chatbot_ai_settings $$, '42501', null, 'owner cannot delete settings (they go with the chatbot)');

-- the visitor
select tests.as_user('visitor');
select is(tests.count('public.chatbot_ai_settings'), 0::bigint, 'a visitor sees no settings');

-- service_role (the chat function)
select tests.as_service();
select is((select api_key from public.chatbot_ai_settings where store_id = tests.store_id('B')), 'secret-b', 'service_role reads the key');
select is(tests.affected($$ update public.chatbot_ai_settings set timeout_ms = 5000 where store_id = tests.store_id('B') $$), 1::bigint, 'service_role updates settings');
select is(tests.affected($$ delete from public.chatbot_ai_settings where store_id = tests.store_id('B') $$), 1::bigint, 'service_role deletes settings');
select lives_ok($$ insert into public.chatbot_ai_settings (chatbot_id, store_id) values (tests.row_id('chatbot', 'B'), tests.store_id('B')) $$, 'service_role inserts settings');

select is_empty($$ select r from unnest(array['anon', 'authenticated']) r
  where has_column_privilege(r, 'public.chatbot_ai_settings', 'api_key', 'select') $$,
  'no API role can select api_key');
select is_empty($$ select r from unnest(array['anon', 'authenticated']) r
  where has_function_privilege(r, 'public.secret_values()', 'execute')
     or has_function_privilege(r, 'public.replace_secret_values(jsonb)', 'execute') $$,
  'only the service role lists or replaces encrypted secrets');

select * from finish();
rollback;
