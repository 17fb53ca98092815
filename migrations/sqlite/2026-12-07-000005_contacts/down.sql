DROP TABLE job_files;
DROP TABLE background_jobs;
DROP TABLE contact_step_progress;
DROP TABLE contact_attempts;
DROP TABLE print_batches;
DROP TABLE contact_plans;
ALTER TABLE surveys DROP COLUMN fielding_started_at_ms;
