-- consents: members read their store's consents; nobody but service_role writes them (the chat function
-- records them through chat_record_consent). export_contact and erase_contact are for owners only; the
-- retention setting schedules its daily job.
begin;
\ir fixtures/tenants.psql
create extension if not exists pgtap with schema extensions;
select plan(43);

insert into public.consents (store_id, chatbot_id, visitor_id, consent_version, consent_text) values
  (tests.store_id('A'), tests.row_id('chatbot', 'A'), tests.user_id('visitor'), 1, 'Text A'),
  (tests.store_id('B'), tests.row_id('chatbot', 'B'), null, 1, 'Text B');

-- anon
select tests.as_anon();
select throws_ok($$ select * from public.consents $$, '42501', null, 'anon cannot select consents');
select throws_ok($$ insert into public.consents (store_id, chatbot_id, consent_version, consent_text) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 1, 'x') $$, '42501', null, 'anon cannot insert consents');
select throws_ok($$ update public.consents set consent_text = 'x' $$, '42501', null, 'anon cannot update consents');
select throws_ok($$ delete from public.consents $$, '42501', null, 'anon cannot delete consents');
select is((public.widget_consent('acmeoutdoor-none') is null), true, 'anon reads a chatbot''s consent text (none for an unknown id)');
select throws_ok($$ select public.chat_record_consent(tests.user_id('visitor'), 'x', 1) $$, '42501', null, 'anon cannot record a consent');
select throws_ok($$ select public.export_contact(tests.row_id('contact', 'A')) $$, '42501', null, 'anon cannot export a contact');

-- outsider
select tests.as_user('outsider');
select is(tests.count('public.consents'), 0::bigint, 'outsider sees no consent');
select throws_ok($$ insert into public.consents (store_id, chatbot_id, consent_version, consent_text) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 1, 'x') $$, '42501', null, 'outsider cannot insert consents');
select throws_ok($$ update public.consents set consent_text = 'x' $$, '42501', null, 'outsider cannot update consents');
select throws_ok($$ delete from public.consents $$, '42501', null, 'outsider cannot delete consents');
select throws_ok($$ select public.erase_contact(tests.row_id('contact', 'A')) $$, 'P0002', null, 'outsider cannot erase a contact');

-- agent of A
select tests.as_user('agent');
select is(tests.seen('public.consents'), 'A', 'agent sees store A consents only');
select throws_ok($$ insert into public.consents (store_id, chatbot_id, consent_version, consent_text) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 1, 'x') $$, '42501', null, 'agent cannot insert consents');
select throws_ok($$ update public.consents set consent_text = 'x' $$, '42501', null, 'agent cannot update consents');
select throws_ok($$ delete from public.consents $$, '42501', null, 'agent cannot delete consents');
select throws_ok($$ select public.export_contact(tests.row_id('contact', 'A')) $$, 'P0002', null, 'agent cannot export a contact');
select throws_ok($$ select public.erase_contact(tests.row_id('contact', 'A')) $$, 'P0002', null, 'agent cannot erase a contact');

-- admin of A
select tests.as_user('admin');
select is(tests.seen('public.consents'), 'A', 'admin sees store A consents only');
select throws_ok($$ insert into public.consents (store_id, chatbot_id, consent_version, consent_text) values (tests.store_id('A'), tests.row_id('chatbot', 'A'), 1, 'x') $$, '42501', null, 'admin cannot insert consents');
select throws_ok($$ update public.consents set consent_text = 'x' $$, '42501', null, 'admin cannot update consents');
select throws_ok($$ delete from public.consents $$, '42501', null, 'admin cannot delete consents');
select throws_ok($$ select public.erase_contact(tests.row_id('contact', 'A')) $$, 'P0002', null, 'admin cannot erase a contact');

-- owner of B
select tests.as_user('other_owner');
select is(tests.seen('public.consents'), 'B', 'owner of B sees store B consents only');
select throws_ok($$ select public.export_contact(tests.row_id('contact', 'A')) $$, 'P0002', null, 'owner of B cannot export a contact of A');
select throws_ok($$ select public.erase_contact(tests.row_id('contact', 'A')) $$, 'P0002', null, 'owner of B cannot erase a contact of A');

-- owner of A
select tests.as_user('owner');
select is(tests.seen('public.consents'), 'A', 'owner sees store A consents only');
select throws_ok($$ delete from public.consents $$, '42501', null, 'owner cannot delete consents');
select is((public.export_contact(tests.row_id('contact', 'A')) -> 'contact' ->> 'email'), 'buyer@example.com', 'owner exports a contact');
select is((public.export_contact(tests.row_id('contact', 'A')) -> 'consents' -> 0 ->> 'text'), 'Text A', 'the export holds the consents given');
select is((public.erase_contact(tests.row_id('contact', 'A')) ->> 'conversations'), '1', 'owner erases a contact and its conversation');

-- service_role
select tests.as_service();
select is(tests.seen_fixtures('public.consents'), 'B', 'the erased contact''s consents are gone, the other store''s stay');
select is((select count(*) from public.chat_sessions where id = tests.row_id('session', 'A')), 0::bigint, 'the erased contact''s session is gone');
select results_eq($$ select action, details ->> 'conversations' from public.audit_log where target = 'contact:' || tests.row_id('contact', 'A') order by id $$,
  $$ values ('contact.exported'::text, '1'::text), ('contact.exported', '1'), ('contact.erased', '1') $$, 'exports and the erasure are audited');
select lives_ok($$ select public.chat_record_consent(tests.user_id('visitor'), (select public_id from public.chatbots where id = tests.row_id('chatbot', 'B')), 1) $$, 'service_role records a consent');
select throws_ok($$ select public.chat_record_consent(tests.user_id('visitor'), (select public_id from public.chatbots where id = tests.row_id('chatbot', 'B')), 7) $$, 'PT409', 'consent_outdated', 'an outdated version is refused');
update public.chatbots set consent_text = 'New words' where id = tests.row_id('chatbot', 'B');
select is((select consent_version from public.chatbots where id = tests.row_id('chatbot', 'B')), 2, 'new consent words are a new version');
update public.chatbots set consent_texts = '{"de": "Neue Worte"}' where id = tests.row_id('chatbot', 'B');
select is((select consent_version from public.chatbots where id = tests.row_id('chatbot', 'B')), 3, 'new words in another language are a new version');
update public.chatbots set consent_version = 1, consent_changed_at = '2020-01-01', name = 'Renamed' where id = tests.row_id('chatbot', 'B');
select is((select (consent_version, consent_changed_at > '2020-01-02') from public.chatbots where id = tests.row_id('chatbot', 'B')), (3, true),
  'the version and its date follow the words only, never a direct write');
update public.chatbots set consent_required = true where id = tests.row_id('chatbot', 'B');
select throws_ok($$ select public.chat_start_session(tests.user_id('visitor'), null,
    jsonb_build_object('chatbot', (select public_id from public.chatbots where id = tests.row_id('chatbot', 'B'))), '{}') $$,
  'PT409', 'consent_required', 'a visitor who agreed to an older version may not start a conversation');
select is((select public.widget_consent(public_id) -> 'texts' ->> 'de' from public.chatbots where id = tests.row_id('chatbot', 'B')), 'Neue Worte',
  'the widget reads the text per language');
update public.stores set retention_days = 30 where id = tests.store_id('B');
select is((select count(*) from public.outbox where topic = 'privacy.apply_retention' and store_id = tests.store_id('B')), 1::bigint,
  'setting a retention schedules the daily job');
select is((public.retention_files(tests.store_id('B')) -> 'paths'), '[]'::jsonb, 'nothing old to remove');
select * from finish();
rollback;
