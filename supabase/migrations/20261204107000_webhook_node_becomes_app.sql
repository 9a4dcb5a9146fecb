-- The "Send a webhook" step moved into the Webhook app: its node type is now 'webhook-send' and its job
-- 'webhook.send'. Automations already using it keep working: drafts, published versions and jobs waiting to
-- be sent are renamed here. Each step keeps its own URL (and headers), and stores without the app keep
-- signing with their automation secret, so receivers see no change.
create function private.webhook_node_renamed(p_graph jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_graph -> 'nodes') <> 'array' then p_graph
    else jsonb_set(p_graph, '{nodes}', (
      select coalesce(jsonb_agg(
        case when n ->> 'type' = 'webhook' then jsonb_set(n, '{type}', '"webhook-send"') else n end
        order by i), '[]'::jsonb)
      from jsonb_array_elements(p_graph -> 'nodes') with ordinality as e(n, i)))
  end
$$;

create function private.webhook_step_renamed(p_compiled jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_compiled -> 'nodes') <> 'object' then p_compiled
    else jsonb_set(p_compiled, '{nodes}', (
      select coalesce(jsonb_object_agg(k,
        case when v ->> 'type' = 'webhook' then jsonb_set(v, '{type}', '"webhook-send"') else v end), '{}'::jsonb)
      from jsonb_each(p_compiled -> 'nodes') as e(k, v)))
  end
$$;

update public.workflows
   set graph = private.webhook_node_renamed(graph)
 where graph -> 'nodes' @> '[{"type": "webhook"}]';

-- Published versions are frozen on purpose; this rename changes what a step is called, not what it does.
alter table public.workflow_versions disable trigger workflow_versions_immutable;
update public.workflow_versions
   set graph = private.webhook_node_renamed(graph),
       compiled = private.webhook_step_renamed(compiled)
 where graph -> 'nodes' @> '[{"type": "webhook"}]';
alter table public.workflow_versions enable trigger workflow_versions_immutable;

update public.outbox
   set topic = 'webhook.send'
 where topic = 'automations.webhook' and status in ('pending', 'processing', 'dead');

drop function private.webhook_node_renamed(jsonb);
drop function private.webhook_step_renamed(jsonb);
