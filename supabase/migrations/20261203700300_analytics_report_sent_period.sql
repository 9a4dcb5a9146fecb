-- The last period a schedule's report was emailed for: a job run again after its email went out (a lost
-- answer, a failure after sending) finds its period here and does not send it twice. Written by the
-- analytics.send_report job (service role) only; members cannot update it (column grants).
alter table public.analytics_report_schedules add column last_sent_period_start date;
