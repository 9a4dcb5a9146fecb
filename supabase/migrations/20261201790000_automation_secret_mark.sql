-- The automations' webhook signing key is a secret like the others (marked as 20261201700000 marks them):
-- owners and admins read it to verify the signature on their own receiving end, and rotate it.
comment on column public.automation_secrets.webhook_secret is
  'secret (shown to its row''s readers): signs the store''s outgoing automation webhooks; owners and admins copy it into their receiver to verify deliveries, and rotate it';
