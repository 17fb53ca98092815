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
    weight DOUBLE NOT NULL,
    PRIMARY KEY (survey_id, stratum_id, variable, category, disposition, manual_code)
) WITHOUT ROWID;

-- Changes not yet folded into the counters (see the PostgreSQL migration). SQLite has one
-- writer, so its triggers update the counters directly and this table stays empty; it is
-- here so that both backends are read alike.
CREATE TABLE monitoring_changes (
    survey_id BIGINT NOT NULL,
    stratum_id BIGINT NOT NULL,
    auxiliaries TEXT NOT NULL,
    disposition TEXT NOT NULL,
    manual_code TEXT NOT NULL,
    cases BIGINT NOT NULL,
    weight DOUBLE NOT NULL
);

-- The keys each case counts under: its stratum's row and one row per auxiliary variable.
CREATE VIEW monitoring_case_keys AS
SELECT id AS case_id, survey_id, stratum_id, '' AS variable, '' AS category, disposition,
       coalesce(manual_disposition, '') AS manual_code, design_weight
FROM cases
UNION ALL
SELECT c.id, c.survey_id, c.stratum_id, a.key, coalesce(a.value, ''), c.disposition,
       coalesce(c.manual_disposition, ''), c.design_weight
FROM cases c, json_each(c.auxiliaries) AS a;

-- A case counts from its insert to its delete.
CREATE TRIGGER monitoring_case_inserted AFTER INSERT ON cases BEGIN
    INSERT INTO monitoring_counts
    SELECT survey_id, stratum_id, variable, category, disposition, manual_code, 1, design_weight
    FROM monitoring_case_keys WHERE case_id = NEW.id
    ON CONFLICT DO UPDATE SET cases = cases + excluded.cases, weight = weight + excluded.weight;
END;
CREATE TRIGGER monitoring_case_deleted BEFORE DELETE ON cases BEGIN
    INSERT INTO monitoring_counts
    SELECT survey_id, stratum_id, variable, category, disposition, manual_code, -1, -design_weight
    FROM monitoring_case_keys WHERE case_id = OLD.id
    ON CONFLICT DO UPDATE SET cases = cases + excluded.cases, weight = weight + excluded.weight;
END;

-- A case whose keys changed: out of the old ones (from OLD), into the new ones (the row as it
-- now is), summed per key in one statement.
CREATE TRIGGER monitoring_case_updated AFTER UPDATE ON cases
    WHEN OLD.disposition IS NOT NEW.disposition
      OR OLD.manual_disposition IS NOT NEW.manual_disposition
      OR OLD.stratum_id IS NOT NEW.stratum_id
      OR OLD.survey_id IS NOT NEW.survey_id
      OR OLD.auxiliaries IS NOT NEW.auxiliaries
      OR OLD.design_weight IS NOT NEW.design_weight
BEGIN
    INSERT INTO monitoring_counts
    SELECT survey_id, stratum_id, variable, category, disposition, manual_code, sum(n), sum(w)
    FROM (
        SELECT OLD.survey_id AS survey_id, OLD.stratum_id AS stratum_id, k.variable,
               k.category, OLD.disposition AS disposition,
               coalesce(OLD.manual_disposition, '') AS manual_code, -1 AS n,
               -OLD.design_weight AS w
        FROM (SELECT '' AS variable, '' AS category
              UNION ALL
              SELECT key, coalesce(value, '') FROM json_each(OLD.auxiliaries)) AS k
        UNION ALL
        SELECT survey_id, stratum_id, variable, category, disposition, manual_code, 1,
               design_weight
        FROM monitoring_case_keys WHERE case_id = NEW.id
    )
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT DO UPDATE SET cases = cases + excluded.cases, weight = weight + excluded.weight;
END;

-- A stratum's target response rate from the strata file (a fraction; none when not given).
ALTER TABLE strata ADD COLUMN target_response_rate DOUBLE;

-- The cases already there.
INSERT INTO monitoring_counts
SELECT survey_id, stratum_id, variable, category, disposition, manual_code, count(*),
       sum(design_weight)
FROM monitoring_case_keys
GROUP BY 1, 2, 3, 4, 5, 6;
