"""Outbound SMS and e-mail, sent from an outbox after the transaction that queued them commits.

- `services.queue_message` writes a message in the caller's transaction;
  `services.purge_old_bodies` blanks old bodies.
- `delivery.deliver_message` (the task) and `delivery.deliver_pending` send them, with retries.
- `backends`: one interface, `send(message) -> SendResult`, for every transport.
- `config`: the environment variables that choose and configure the transports.
"""
