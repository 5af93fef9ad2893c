-- An item is created once per Idempotency-Key: the key lives on the row it created,
-- so a retry after a crash, or from another replica, finds it under the unique constraint.
CREATE TABLE items (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            varchar(200) NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    idempotency_key varchar(255) UNIQUE
);
