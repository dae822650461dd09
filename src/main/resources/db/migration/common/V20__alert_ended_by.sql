-- Issue 16: the answer that ended an alert ("rate limit answer 429 from MDBList"), shown in its history.
-- NULL for alerts ended before this column existed, dismissed only, or ended by retention.
ALTER TABLE alerts ADD COLUMN ended_by TEXT;
