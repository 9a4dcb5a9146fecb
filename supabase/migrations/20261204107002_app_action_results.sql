-- An action's job reports back to its run (private.automation_job_result) whatever its topic: the trigger
-- only watched 'automations.%', so the jobs of connected apps' actions (slack.post_message,
-- webhook.send, ...) finished without their run ever hearing, and the run waited forever. An action's job
-- is recognised by the run fields every action payload carries (automations/action-job.ts runFields).
drop trigger outbox_automation_result on public.outbox;
create trigger outbox_automation_result after update of status, last_error, attempts on public.outbox
  for each row when (new.payload ? 'run_id' and new.payload ? 'workflow_id' and new.payload ? 'step'
    and (old.status, old.last_error, old.attempts) is distinct from (new.status, new.last_error, new.attempts))
  execute function private.automation_job_result();
