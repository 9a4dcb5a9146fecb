-- Retrieval without re-parsing: search_knowledge scored each hit by parsing its whole text again, once per
-- word of the query (to_tsvector over ~600 characters, up to fifteen hits, several words: most of a chat
-- message's database time). Each FAQ and knowledge chunk now keeps its words per text-search configuration
-- of the chatbot (`lexemes`, {"english": [...], "german": [...]}), written by the same triggers that keep
-- `fts`, and search_knowledge reads them; same results, a fraction of the work. It and chatbot_ts_configs are
-- PL/pgSQL now, so their plans are prepared once per connection instead of on every call.

alter table public.faqs add column lexemes jsonb;
alter table public.knowledge_chunks add column lexemes jsonb;

-- The distinct configurations of a chatbot's languages (at least one), as before; PL/pgSQL so that its query
-- is prepared once per connection (search_knowledge calls it for every question).
create or replace function private.chatbot_ts_configs(p_chatbot_id uuid)
returns setof regconfig
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select distinct private.ts_config(l)
  from public.chatbots c
  cross join lateral unnest(case when cardinality(c.languages) > 0 then c.languages else '{en}' end) l
  where c.id = p_chatbot_id;
end;
$$;

-- The words of a text in each configuration of the chatbot's languages.
create or replace function private.chatbot_lexemes(p_chatbot_id uuid, p_text text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(cfg::text, to_jsonb(tsvector_to_array(to_tsvector(cfg, coalesce(p_text, ''))))),
    '{}')
  from private.chatbot_ts_configs(p_chatbot_id) cfg;
$$;

create or replace function private.faqs_index()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.fts := private.chatbot_tsvector(new.chatbot_id, new.question, 'A')
    || private.chatbot_tsvector(new.chatbot_id, new.answer, 'B');
  new.lexemes := private.chatbot_lexemes(new.chatbot_id, new.question || ' ' || new.answer);
  return new;
end;
$$;

create or replace function private.knowledge_rechunk()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.knowledge_chunks where document_id = new.id;
  insert into public.knowledge_chunks (store_id, chatbot_id, document_id, position, content, fts, lexemes)
  select new.store_id, new.chatbot_id, new.id, c.ord::int, c.chunk,
    private.chatbot_tsvector(new.chatbot_id, new.title, 'A') || private.chatbot_tsvector(new.chatbot_id, c.chunk, 'D'),
    private.chatbot_lexemes(new.chatbot_id, new.title || ' ' || c.chunk)
  from private.chunk_text(new.content) with ordinality as c (chunk, ord);
  return null;
end;
$$;

create or replace function private.chatbot_reindex()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.faqs set fts = null where chatbot_id = new.id;
  update public.knowledge_chunks k
  set fts = private.chatbot_tsvector(new.id, d.title, 'A') || private.chatbot_tsvector(new.id, k.content, 'D'),
      lexemes = private.chatbot_lexemes(new.id, d.title || ' ' || k.content)
  from public.knowledge_documents d
  where d.id = k.document_id and k.chatbot_id = new.id;
  return null;
end;
$$;

update public.faqs set lexemes = private.chatbot_lexemes(chatbot_id, question || ' ' || answer);
update public.knowledge_chunks k set lexemes = private.chatbot_lexemes(k.chatbot_id, d.title || ' ' || k.content)
from public.knowledge_documents d where d.id = k.document_id;

-- Retrieval: as before (see 20261123001000_knowledge.sql for what the columns mean), scored from `lexemes`.
create or replace function public.search_knowledge(p_chatbot_id uuid, p_query text, p_limit int default 5)
returns table (
  kind text, id text, title text, content text, rank real, title_coverage real, coverage real
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
  hits as (
    select 'faq'::text as kind, f.id::text as id, f.question as title, f.answer as content,
      ts_rank(f.fts, q.query) as rank, f.position as pos, f.lexemes
    from public.faqs f, q
    where f.chatbot_id = p_chatbot_id and q.query is not null and f.fts @@ q.query
    union all
    select 'knowledge', k.id::text, d.title, k.content, ts_rank(k.fts, q.query), k.position, k.lexemes
    from public.knowledge_chunks k
    join public.knowledge_documents d on d.id = k.document_id, q
    where k.chatbot_id = p_chatbot_id and q.query is not null and k.fts @@ q.query
    order by rank desc, pos
    limit greatest(1, least(coalesce(p_limit, 5), 20)) * 3
  ),
  -- Coverage: the share of the query's words among the hit's title words (parsed here: titles are short)
  -- and among all its words (stored; parsed only for a row written before `lexemes` existed).
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
  select s.kind, s.id, s.title, s.content, s.rank, s.title_coverage::real, s.coverage::real
  from scored s
  order by (case when s.kind = 'faq' then s.title_coverage else s.coverage * 0.8 end) desc, s.rank desc, s.pos
  limit greatest(1, least(coalesce(p_limit, 5), 20));
end;
$$;

revoke execute on function private.chatbot_lexemes(uuid, text), private.chatbot_ts_configs(uuid) from public;
grant execute on function private.chatbot_ts_configs(uuid) to authenticated, service_role;
revoke execute on function public.search_knowledge(uuid, text, int) from public;
grant execute on function public.search_knowledge(uuid, text, int) to authenticated, service_role;
