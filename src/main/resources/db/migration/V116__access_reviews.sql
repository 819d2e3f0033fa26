-- Access reviews (docs/api.md "Access reviews"): a stored summary per home and period.
CREATE TABLE access_reviews (
    id           uuid PRIMARY KEY,
    home_id      uuid NOT NULL REFERENCES homes (id),
    period_from  timestamptz NOT NULL,
    period_to    timestamptz NOT NULL,
    generated_at timestamptz NOT NULL,
    trigger      text NOT NULL CHECK (trigger IN ('scheduled', 'on_demand')),
    body         text NOT NULL
);
CREATE INDEX access_reviews_home ON access_reviews (home_id, period_to DESC);
