-- A run's progress in what its items hold: a sync-library item is a page of up to 200 titles, and the admin
-- counts titles. An item holds one unit unless its job says otherwise; older runs read as items.
ALTER TABLE job_run_items ADD COLUMN units INTEGER NOT NULL DEFAULT 1;
ALTER TABLE job_runs ADD COLUMN unit VARCHAR(16) NOT NULL DEFAULT 'items';
ALTER TABLE job_runs ADD COLUMN units_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_runs ADD COLUMN units_done INTEGER NOT NULL DEFAULT 0;
UPDATE job_runs SET units_total = total, units_done = done + not_found + failed;
