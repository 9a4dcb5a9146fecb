-- Knowledge documents have a language, like FAQs (20261203500000_content_languages.sql): `language` (ISO
-- 639-1; null: the chatbot's first language, which every document written before was taken to be). Retrieval
-- reports it for each knowledge hit, so hits in the visitor's language answer first and an answer from a
-- document in another language says so, as for FAQs.

alter table public.knowledge_documents add column language text check (language ~ '^[a-z]{2}$');
comment on column public.knowledge_documents.language is
  'ISO 639-1 language of the document; null: the chatbot''s first language.';
-- Members write the other columns through column grants; the language is theirs to set too.
grant insert (language), update (language) on public.knowledge_documents to authenticated;

-- As in 20261203500000_content_languages.sql, with the document's language for knowledge hits (the result
-- type is unchanged, so the function is replaced in place).
create or replace function public.search_knowledge(p_chatbot_id uuid, p_query text, p_limit int default 5)
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
      coalesce(d.language, main.language)
    from public.knowledge_chunks k
    join public.knowledge_documents d on d.id = k.document_id, q, main
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
