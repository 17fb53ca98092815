-- Monitoring counters: cases and their summed design weights per stratum, per category of
-- each auxiliary variable (variable = '' for the stratum's own row), per pair of codes (the
-- code the respondent's actions derived and the one a manager set, '' for none). Triggers keep
-- them current in the transaction of every change to a case, so the statistics never scan the
-- cases; which code counts is decided when they are read.
CREATE TABLE monitoring_counts (
    survey_id BIGINT NOT NULL,
    stratum_id BIGINT NOT NULL,
    variable TEXT NOT NULL,
    category TEXT NOT NULL,
    disposition TEXT NOT NULL,
    manual_code TEXT NOT NULL,
    cases BIGINT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (survey_id, stratum_id, variable, category, disposition, manual_code)
);

-- The keys one case counts under: its stratum's row and one row per auxiliary variable.
CREATE FUNCTION monitoring_keys(auxiliaries TEXT)
RETURNS TABLE (variable TEXT, category TEXT)
LANGUAGE sql IMMUTABLE AS $$
    SELECT '', ''
    UNION ALL
    SELECT a.key, coalesce(a.value, '') FROM jsonb_each_text(auxiliaries::jsonb) AS a
$$;

-- Changes are summed per key and applied in key order, so two transactions always lock
-- counters in the same order and cannot deadlock on them. A statement's inserted or deleted
-- cases (the transition table the first argument names) count with the second as sign.
CREATE FUNCTION monitoring_cases_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO monitoring_counts AS m
         SELECT c.survey_id, c.stratum_id, k.variable, k.category, c.disposition,
                coalesce(c.manual_disposition, %3$L), %1$s * count(*), %1$s * sum(c.design_weight)
         FROM %2$I c CROSS JOIN LATERAL monitoring_keys(c.auxiliaries) k
         GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
         ON CONFLICT (survey_id, stratum_id, variable, category, disposition, manual_code)
         DO UPDATE SET cases = m.cases + excluded.cases, weight = m.weight + excluded.weight',
        TG_ARGV[1]::INT, TG_ARGV[0], '');
    RETURN NULL;
END $$;

-- Changes not yet folded into the counters: a row per changed case for the keys it left
-- (-1) and one for those it entered (+1), with its auxiliaries as they were. Saves append here
-- instead of updating the few counter rows they all share: an update holds its row's lock
-- until commit, so concurrent saves queued behind each other (half the saves per second at 8
-- clients); an append waits for no one. Readers add these rows to the counters;
-- monitoring_fold moves them in (the worker every second, and each live stream's poller).
CREATE TABLE monitoring_changes (
    survey_id BIGINT NOT NULL,
    stratum_id BIGINT NOT NULL,
    auxiliaries TEXT NOT NULL,
    disposition TEXT NOT NULL,
    manual_code TEXT NOT NULL,
    cases BIGINT NOT NULL,
    weight DOUBLE PRECISION NOT NULL
);

-- One case whose keys changed: out of the old ones, into the new ones.
CREATE FUNCTION monitoring_case_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO monitoring_changes VALUES
        (OLD.survey_id, OLD.stratum_id, OLD.auxiliaries, OLD.disposition,
         coalesce(OLD.manual_disposition, ''), -1, -OLD.design_weight),
        (NEW.survey_id, NEW.stratum_id, NEW.auxiliaries, NEW.disposition,
         coalesce(NEW.manual_disposition, ''), 1, NEW.design_weight);
    RETURN NULL;
END $$;

-- Moves the changes of one survey (all when NULL) into the counters, in one statement: a
-- reader sees them on one side or the other, never both or neither. Returns the rows moved.
CREATE FUNCTION monitoring_fold(survey BIGINT) RETURNS BIGINT LANGUAGE sql AS $$
    WITH moved AS (
        DELETE FROM monitoring_changes WHERE survey IS NULL OR survey_id = survey
        RETURNING *
    ), folded AS (
        INSERT INTO monitoring_counts AS m
        SELECT c.survey_id, c.stratum_id, k.variable, k.category, c.disposition,
               c.manual_code, sum(c.cases), sum(c.weight)
        FROM moved c CROSS JOIN LATERAL monitoring_keys(c.auxiliaries) k
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (survey_id, stratum_id, variable, category, disposition, manual_code)
        DO UPDATE SET cases = m.cases + excluded.cases, weight = m.weight + excluded.weight
        RETURNING 1
    )
    SELECT count(*) FROM moved
$$;

-- A sample import is one COPY: one statement-level trigger sums it. Saves update cases one at
-- a time; the row trigger fires only when something the counters key on changed.
CREATE TRIGGER monitoring_cases_inserted AFTER INSERT ON cases
    REFERENCING NEW TABLE AS new_cases
    FOR EACH STATEMENT EXECUTE FUNCTION monitoring_cases_counted('new_cases', '1');
CREATE TRIGGER monitoring_cases_deleted AFTER DELETE ON cases
    REFERENCING OLD TABLE AS old_cases
    FOR EACH STATEMENT EXECUTE FUNCTION monitoring_cases_counted('old_cases', '-1');
CREATE TRIGGER monitoring_case_updated AFTER UPDATE ON cases FOR EACH ROW
    WHEN (OLD.disposition IS DISTINCT FROM NEW.disposition
          OR OLD.manual_disposition IS DISTINCT FROM NEW.manual_disposition
          OR OLD.stratum_id IS DISTINCT FROM NEW.stratum_id
          OR OLD.survey_id IS DISTINCT FROM NEW.survey_id
          OR OLD.auxiliaries IS DISTINCT FROM NEW.auxiliaries
          OR OLD.design_weight IS DISTINCT FROM NEW.design_weight)
    EXECUTE FUNCTION monitoring_case_updated();

-- A stratum's target response rate from the strata file (a fraction; none when not given).
ALTER TABLE strata ADD COLUMN target_response_rate DOUBLE PRECISION;

-- The cases already there.
INSERT INTO monitoring_counts
SELECT c.survey_id, c.stratum_id, k.variable, k.category, c.disposition,
       coalesce(c.manual_disposition, ''), count(*), sum(c.design_weight)
FROM cases c CROSS JOIN LATERAL monitoring_keys(c.auxiliaries) k
GROUP BY 1, 2, 3, 4, 5, 6;
