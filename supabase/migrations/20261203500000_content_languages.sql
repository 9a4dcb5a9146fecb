-- Content per language: a chatbot's greeting has a variant per language (`greetings`, keyed by ISO 639-1
-- code; `greeting` stays the text for its first language) and each FAQ is written in one language
-- (`faqs.language`; null: the chatbot's first language, which is what every FAQ written before was).
-- Retrieval reports each hit's language and ranks hits in the language the question is written in first;
-- the chat function restricts answers to the visitor's language and says so when there is none in it.

alter table public.chatbots add column greetings jsonb not null default '{}'
  check (jsonb_typeof(greetings) = 'object' and pg_column_size(greetings) <= 20000);
comment on column public.chatbots.greetings is
  'The greeting per language ({"de": "Hallo!"}); `greeting` is the one in the first of `languages`.';

alter table public.faqs add column language text check (language ~ '^[a-z]{2}$');
comment on column public.faqs.language is 'ISO 639-1 language of the FAQ; null: the chatbot''s first language.';
create index faqs_chatbot_language_idx on public.faqs (chatbot_id, language);

-- The language an FAQ is written in: its own, or the chatbot's first for FAQs without one. Knowledge has no
-- language of its own (a document may mix several): its hits report none and count for every visitor.
create or replace function private.content_language(p_chatbot_id uuid, p_language text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(p_language,
    (select lower(split_part(coalesce(c.languages[1], 'en'), '-', 1)) from public.chatbots c where c.id = p_chatbot_id),
    'en');
$$;
revoke execute on function private.content_language(uuid, text) from public;
grant execute on function private.content_language(uuid, text) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Retrieval (see 20261201300100_search_knowledge_lexemes.sql), now with each hit's `language`, and hits in
-- the language the question is written in ranked before others. The result type changes, so the function is
-- dropped and created again; chat_post_message calls it by name and passes every column on as `hits`.
drop function public.search_knowledge(uuid, text, int);
create function public.search_knowledge(p_chatbot_id uuid, p_query text, p_limit int default 5)
returns table (
  kind text, id text, title text, content text, rank real, title_coverage real, coverage real, language text
)
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
  with all_cfgs as (
    select cfg, array(select distinct unnest(tsvector_to_array(to_tsvector(cfg, left(p_query, 4000))))) as words
    from private.chatbot_ts_configs(p_chatbot_id) cfg
  ),
  chosen as (
    select a.cfg, a.words from all_cfgs a
    order by cardinality(a.words),
      a.cfg = (select private.ts_config(c.languages[1]) from public.chatbots c where c.id = p_chatbot_id) desc
    limit 1
  ),
  cfgs as (
    select c.cfg, array(
      select w from unnest(c.words) w
      where strpos(w, E'\\') = 0 and (
        exists (select 1 from public.faqs f
                where f.chatbot_id = p_chatbot_id and f.fts @@ to_tsquery('pg_catalog.simple', quote_literal(w)))
        or exists (select 1 from public.knowledge_chunks k
                   where k.chatbot_id = p_chatbot_id and k.fts @@ to_tsquery('pg_catalog.simple', quote_literal(w))))
    ) as words
    from chosen c
  ),
  q as (
    select to_tsquery('pg_catalog.simple', string_agg(
      (select string_agg(quote_literal(w), ' | ') from unnest(words) w), ' | ')) as query
    from cfgs where cardinality(words) > 0
  ),
  main as (select private.content_language(p_chatbot_id, null) as language),
  hits as (
    select 'faq'::text as kind, f.id::text as id, f.question as title, f.answer as content,
      ts_rank(f.fts, q.query) as rank, f.position as pos, f.lexemes, coalesce(f.language, main.language) as language
    from public.faqs f, q, main
    where f.chatbot_id = p_chatbot_id and q.query is not null and f.fts @@ q.query
    union all
    select 'knowledge', k.id::text, d.title, k.content, ts_rank(k.fts, q.query), k.position, k.lexemes,
      null::text
    from public.knowledge_chunks k
    join public.knowledge_documents d on d.id = k.document_id, q
    where k.chatbot_id = p_chatbot_id and q.query is not null and k.fts @@ q.query
    order by rank desc, pos
    limit greatest(1, least(coalesce(p_limit, 5), 20)) * 3
  ),
  scored as (
    select h.*, cov.title_coverage, cov.coverage
    from hits h
    cross join lateral (
      select max((select count(*) from unnest(c.words) w where w = any (v.title_words))::real / cardinality(c.words))
               as title_coverage,
             max((select count(*) from unnest(c.words) w where v.all_words ? w)::real / cardinality(c.words))
               as coverage
      from cfgs c
      cross join lateral (
        select tsvector_to_array(to_tsvector(c.cfg, h.title)) as title_words,
               coalesce(h.lexemes -> c.cfg::text,
                 to_jsonb(tsvector_to_array(to_tsvector(c.cfg, h.title || ' ' || h.content)))) as all_words
      ) v
      where cardinality(c.words) > 0
    ) cov
  )
  select s.kind, s.id, s.title, s.content, s.rank, s.title_coverage::real, s.coverage::real, s.language
  from scored s
  order by coalesce(private.ts_config(s.language) = (select cfg from chosen), true) desc,
    (case when s.kind = 'faq' then s.title_coverage else s.coverage * 0.8 end) desc, s.rank desc, s.pos
  limit greatest(1, least(coalesce(p_limit, 5), 20));
end;
$$;
revoke execute on function public.search_knowledge(uuid, text, int) from public;
grant execute on function public.search_knowledge(uuid, text, int) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The widget's configuration (see 20261123003300_handoff.sql) gains the greeting per language and each
-- FAQ's language: the widget shows the visitor's.
create or replace function public.widget_config(p_public_id text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'chatbot', jsonb_build_object(
      'id', c.id, 'public_id', c.public_id, 'name', c.name, 'greeting', c.greeting, 'greetings', c.greetings,
      'languages', to_jsonb(c.languages), 'theme', c.theme, 'prechat_form', c.prechat_form),
    'store', jsonb_build_object('name', s.name),
    'handoff', jsonb_build_object(
      'business_hours', s.business_hours, 'reply_time', s.reply_time,
      'fallback_phone', s.fallback_phone, 'fallback_email', s.fallback_email),
    'faqs', coalesce((
      select jsonb_agg(jsonb_build_object('id', f.id, 'question', f.question, 'answer', f.answer,
          'language', coalesce(f.language, private.content_language(c.id, null)))
        order by f.position, f.created_at)
      from public.faqs f where f.chatbot_id = c.id and f.store_id = c.store_id), '[]'::jsonb))
  from public.chatbots c
  join public.stores s on s.id = c.store_id
  where c.public_id = p_public_id and s.status = 'active';
$$;
